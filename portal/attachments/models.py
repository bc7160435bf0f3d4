import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.attachments.content import KINDS


def stored_name(instance, filename):
    """A random name: the user's file name never reaches the disk or the bucket (it is kept in `filename`)."""
    extension = KINDS[instance.kind].extensions[0]
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class AttachmentQuerySet(models.QuerySet):
    def of(self, owner, purpose: str | None = None):
        """The files of `owner`; with `purpose`, only those of that slot (see registry.register)."""
        files = self.filter(content_type=ContentType.objects.get_for_model(owner), object_id=owner.pk)
        return files if purpose is None else files.filter(purpose=purpose)


class Attachment(models.Model):
    """A file attached to any registered record (see portal.attachments.registry)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("record type"))
    object_id = models.PositiveBigIntegerField(_("record id"))
    owner = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("file"), upload_to=stored_name, max_length=200)
    filename = models.CharField(_("file name"), max_length=255, help_text=_("The name the file had on the uploader's device."))
    # The slot the file fills on its record (a duty's "plan" file and its "launch" evidence), one of
    # the codes its model registered; blank for records that do not use slots.
    purpose = models.CharField(_("purpose"), max_length=20, blank=True, default="")
    kind = models.CharField(_("type"), max_length=10, choices=[(code, kind.label) for code, kind in KINDS.items()])
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-uploaded_at", "-pk"]
        # A record's page lists its files newest first: one index scan.
        indexes = [models.Index(fields=["content_type", "object_id", "-uploaded_at"], name="attachment_owner")]

    def __str__(self):
        return self.filename

    @property
    def kind_info(self):
        return KINDS[self.kind]

    def get_absolute_url(self):
        return reverse("attachments:download", args=[self.pk])
