"""The issued PDF of a decision, kept once made: the file the portal produced (unsigned, or signed
with the issuing unit's certificate), or the one the signer uploaded after signing it with their
own token software, with what the signature check found. Imported at the end of awards.models so
that the app registers it; its migration is awards 0003_decision_document."""

import os
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SignatureKind(models.TextChoices):
    UNSIGNED = "unsigned", _("Not signed")
    PORTAL = "portal", _("Signed by the portal with the issuing unit's certificate")
    UPLOADED = "uploaded", _("Signed by the signer and uploaded")


def _pdf_path(document, filename):
    return f"awards/decisions/{uuid.uuid4().hex}{os.path.splitext(filename)[1].lower() or '.pdf'}"


class DecisionDocument(models.Model):
    decision = models.OneToOneField("awards.Decision", models.CASCADE, related_name="document", verbose_name=_("decision"))
    pdf = models.FileField(_("PDF"), upload_to=_pdf_path, max_length=200)
    # The unsigned PDF the portal produced, kept while a signer may sign it elsewhere (their signed
    # upload must be built on these bytes).
    unsigned_sha256 = models.CharField(max_length=64, editable=False)
    unsigned_size = models.PositiveIntegerField(default=0, editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    size = models.PositiveIntegerField(default=0, editable=False)
    signature = models.CharField(_("signature"), max_length=10, choices=SignatureKind.choices, default=SignatureKind.UNSIGNED)
    signer_name = models.CharField(_("signed by"), max_length=255, blank=True)
    signer_organisation = models.CharField(_("signer's organisation"), max_length=255, blank=True)
    certificate_issuer = models.CharField(_("certificate issued by"), max_length=255, blank=True)
    certificate_serial = models.CharField(_("certificate serial number"), max_length=80, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    trusted = models.BooleanField(_("trusted authority"), null=True, blank=True)
    built_on_portal_pdf = models.BooleanField(_("built on the portal's PDF"), null=True, blank=True)
    made_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        app_label = "awards"
        verbose_name = _("decision PDF")
        verbose_name_plural = _("decision PDFs")

    def __str__(self):
        return f"{self.decision_id}: {self.get_signature_display()}"

    @property
    def is_signed(self) -> bool:
        return self.signature != SignatureKind.UNSIGNED
