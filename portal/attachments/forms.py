from django import forms
from django.utils.translation import gettext_lazy as _

from portal.attachments.content import EMPTY, accept_attribute
from portal.widgets import FileInput


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File to attach"), widget=FileInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = accept_attribute()
        self.fields["file"].error_messages["required"] = _("Choose a file to attach.")
        self.fields["file"].error_messages["empty"] = EMPTY  # Django's own wording, made ours


def upload_context(owner, form, purpose: str = "") -> dict:
    """What templates/attachments/_form.html needs, for the record's panel and the upload page alike."""
    from django.conf import settings
    from django.urls import reverse

    from portal.attachments.content import accepted_kinds

    url = reverse("attachments:upload", args=[owner._meta.label_lower, owner.pk])
    return {
        "form": form,
        "purpose": purpose,
        "upload_url": f"{url}?purpose={purpose}" if purpose else url,
        "kinds": ", ".join(kind.label for kind in accepted_kinds()),
        "max_size": settings.ATTACHMENT_MAX_BYTES,
    }
