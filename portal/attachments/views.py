"""Upload, download and delete attachments. Every one of them finds the owner record through its
`visible_to(user)` first: a file of a record the user does not see is a 404, also for a visitor who
is not logged in (a redirect to the login page would tell that the file exists)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.attachments import services
from portal.attachments.forms import AttachmentForm, upload_context
from portal.attachments.models import Attachment
from portal.attachments.registry import may_attach, purposes_of, valid_purpose, visible_owner

MAX_ID = 2**63 - 1  # ids from the URL stay within a bigint


def _visible_attachment(request, pk: int) -> Attachment:
    if pk > MAX_ID:
        raise Http404
    attachment = Attachment.objects.select_related("content_type").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    owner = visible_owner(attachment.content_type.model_class()._meta.label_lower, attachment.object_id, request.user)
    if owner is None:
        raise Http404
    attachment.owner = owner
    return attachment


def _wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def attachment_upload(request, owner_type: str, object_id: int):
    if object_id > MAX_ID:
        raise Http404
    owner = visible_owner(owner_type, object_id, request.user)
    if owner is None:
        raise Http404
    purpose = request.GET.get("purpose", "")
    if not valid_purpose(owner, purpose):
        raise Http404  # a slot the record does not have
    if not may_attach(request.user, owner):
        raise PermissionDenied
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                attachment = services.attachment_add(owner=owner, upload=form.cleaned_data["file"], by=request.user, purpose=purpose)
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                messages.success(request, _("%(name)s is attached.") % {"name": attachment.filename})
                if _wants_json(request):
                    return JsonResponse({"url": owner.get_absolute_url()})
                return redirect(owner)
        if _wants_json(request):
            return JsonResponse({"errors": [str(e) for e in form.errors.get("file", [])]}, status=400)
    context = {"owner": owner, "purpose_label": purposes_of(owner).get(purpose, ""), **upload_context(owner, form, purpose)}
    return render(request, "attachments/upload.html", context, status=400 if form.errors else 200)


def attachment_download(request, pk: int):
    attachment = _visible_attachment(request, pk)
    kind = attachment.kind_info
    try:
        stored = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None  # the row outlived its file (a restore of the database without the files)
    response = FileResponse(
        stored,
        content_type=kind.mime,
        as_attachment=not kind.inline,
        filename=attachment.filename,  # Django writes filename= and, for Vietnamese names, RFC 5987 filename*=
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def attachment_delete(request, pk: int):
    attachment = _visible_attachment(request, pk)
    if not may_attach(request.user, attachment.owner):
        raise PermissionDenied
    services.attachment_delete(attachment=attachment, by=request.user)
    messages.success(request, _("%(name)s is removed.") % {"name": attachment.filename})
    return redirect(attachment.owner)
