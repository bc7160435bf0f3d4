"""Pages and files of a decision's documents: the Word draft, the PDF (a draft's preview, the
issued one made in the job worker at issue, kept and signed, with Retry if that failed), the upload of a PDF signed with the signer's own token, a
certificate, the batch of certificates in the job worker. Every decision is loaded through
Decision.objects.visible_to (another unit's is a 404); every action asks awards.rules."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from awards import rules
from awards.documents import certificates, signing
from awards.documents import docx as docx_doc
from awards.documents import pdf as pdf_doc
from awards.documents import services
from awards.documents.models import DecisionDocument
from awards.models import Award, Decision, DecisionState
from awards.tasks_documents import KIND
from portal.jobs import runner
from portal.jobs.models import Job
from units.paging import page_of

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _decision(request, pk) -> Decision:
    return get_object_or_404(
        Decision.objects.visible_to(request.user).select_related("issuing_unit__unit_type", "issuing_unit__parent"), pk=pk
    )


def _keeper_of(request, decision):
    if not rules.can_keep_decisions_at(request.user, decision.issuing_unit):
        raise PermissionDenied


def _file(data: bytes, filename: str, content_type: str, *, inline=False) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


class SignedUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("The signed PDF"), help_text=gettext_lazy("The decision's PDF after signing it with your digital signature token."))


@login_required
def decision_documents(request, pk):
    decision = _decision(request, pk)
    document = DecisionDocument.objects.filter(decision=decision).select_related("uploaded_by").first()
    can_keep = rules.can_keep_decisions_at(request.user, decision.issuing_unit)
    awards = (
        Award.objects.filter(decision=decision).select_related("form", "cancelled_by").only(
            "awardee_name", "unit_name", "token", "cancelled_by__number", "cancelled_by__symbol", "form__name", "form__certificate_heading", "order",
        ).order_by("order", "id")
    )
    last_batch = None
    if can_keep and decision.is_issued:
        last_batch = Job.objects.visible_to(request.user).filter(kind=KIND, params__decision=decision.pk).order_by("-created_at").first()
    return render(request, "awards/documents/decision_documents.html", {
        **pdf_context(decision, document, can_keep=can_keep),
        "decision": decision,
        "document": document,
        "key_configured": signing.signing_key_of(decision.issuing_unit) is not None,
        "upload_form": SignedUploadForm(),
        "page": page_of(request, awards, per_page=50),
        "last_batch": last_batch,
    })


def pdf_context(decision, document, *, can_keep: bool) -> dict:
    """What the decision's pages show of its PDF (templates/awards/documents/_pdf_status.html)."""
    state, job = services.pdf_state(decision, document)
    return {"pdf_state": state, "pdf_job": job, "can_keep": can_keep}


@login_required
def decision_docx(request, pk):
    decision = _decision(request, pk)
    return _file(docx_doc.decision_docx(decision), docx_doc.filename(decision), DOCX)


@login_required
def decision_pdf(request, pk):
    """A draft: a preview marked DỰ THẢO, never kept. Issued: the kept PDF, made by the job worker
    when the decision was issued; until then the documents page says it is being prepared."""
    decision = _decision(request, pk)
    if decision.is_draft:
        return _file(pdf_doc.decision_pdf(decision), pdf_doc.filename(decision), "application/pdf", inline=True)
    document = DecisionDocument.objects.filter(decision=decision).first()
    if document is None:
        messages.info(request, _("The PDF of this decision is still being prepared: try again in a moment."))
        return redirect("awards:decision-documents", decision.pk)
    response = FileResponse(document.pdf.open("rb"), content_type="application/pdf", filename=pdf_doc.filename(decision))
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def decision_pdf_prepare(request, pk):
    """Retry a failed preparation of the issued PDF (or prepare it for a decision that has none)."""
    decision = _decision(request, pk)
    _keeper_of(request, decision)
    if not decision.is_issued:
        raise Http404
    if services.pdf_prepare(decision=decision, by=request.user) is None:
        messages.info(request, _("The PDF of this decision is ready."))
    back = decision.get_absolute_url() if request.POST.get("back") == "detail" else reverse("awards:decision-documents", args=[decision.pk])
    return redirect(back)


@login_required
@require_POST
def decision_sign(request, pk):
    decision = _decision(request, pk)
    _keeper_of(request, decision)
    if not decision.is_issued:
        raise Http404
    try:
        services.document_sign(decision=decision, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The PDF is signed with the unit's certificate."))
    return redirect("awards:decision-documents", decision.pk)


@login_required
def decision_signed_upload(request, pk):
    decision = _decision(request, pk)
    _keeper_of(request, decision)
    if not decision.is_issued:
        raise Http404
    form = SignedUploadForm(request.POST or None, request.FILES or None)
    check = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(services.MAX_UPLOAD_BYTES + 1)
        try:
            document, check = services.signed_upload(decision=decision, by=request.user, data=data)
        except ValidationError as error:
            form.add_error("file", error.messages[0])
            check = getattr(error, "check", None)
        else:
            messages.success(request, _("The signed PDF is kept: signed by %(name)s.") % {"name": document.signer_name})
            return redirect("awards:decision-documents", decision.pk)
    return render(request, "awards/documents/signed_upload.html", {"decision": decision, "form": form, "check": check})


@login_required
def award_certificate(request, pk):
    award = get_object_or_404(
        Award.objects.visible_to(request.user).filter(decision__state=DecisionState.ISSUED, cancelled_by__isnull=True)
        .exclude(form__certificate_heading="").select_related("form", "decision__issuing_unit__unit_type"),
        pk=pk,
    )
    return _file(certificates.certificate_pdf(award), certificates.filename(award), "application/pdf", inline=True)


@login_required
@require_POST
def certificates_batch(request, pk):
    decision = _decision(request, pk)
    _keeper_of(request, decision)
    if not decision.is_issued:
        raise Http404
    job = runner.start(kind=KIND, owner=request.user, params={"decision": decision.pk})
    return redirect(job)
