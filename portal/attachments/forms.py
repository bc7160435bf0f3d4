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


def upload_context(owner, form) -> dict:
    """What templates/attachments/_form.html needs, for the record's panel and the upload page alike."""
    from django.conf import settings
    from django.urls import reverse

    from portal.attachments.content import accepted_kinds

    return {
        "form": form,
        "upload_url": reverse("attachments:upload", args=[owner._meta.label_lower, owner.pk]),
        "kinds": ", ".join(kind.label for kind in accepted_kinds()),
        "max_size": settings.ATTACHMENT_MAX_BYTES,
    }
