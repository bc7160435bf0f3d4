from django import template

from portal.attachments.forms import AttachmentForm, upload_context
from portal.attachments.models import Attachment
from portal.attachments.registry import may_attach

register = template.Library()

SHOWN = 50  # a record keeps a few documents; the panel shows the latest 50


@register.inclusion_tag("attachments/_panel.html", takes_context=True)
def attachment_panel(context, owner, title, purpose=""):
    """The files of `owner` (of the slot `purpose`, for a model with slots) and, for those who may
    attach, the upload form: two queries, whatever the count."""
    request = context["request"]
    files = list(Attachment.objects.of(owner, purpose).select_related("uploaded_by")[: SHOWN + 1])
    can_attach = may_attach(request.user, owner)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "title": title,
        "owner": owner,
        "files": files[:SHOWN],
        "more": len(files) > SHOWN,
        "can_attach": can_attach,
        "slot": f"{owner.pk}{'-' + purpose if purpose else ''}",  # ids stay unique with two panels on a page
        **(upload_context(owner, AttachmentForm(auto_id=f"id_attach_{purpose + '_' if purpose else ''}%s"), purpose) if can_attach else {}),
    }
