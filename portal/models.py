from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Transition(models.Model):
    """One move of a record along its life cycle, written by portal.states.move in the move's transaction.

    The owner is generic (content type + primary key as text) so that jobs, members, dossiers and
    decisions share one table; the index serves "the history of this record"."""

    owner_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    owner_id = models.CharField(max_length=64)
    source = models.CharField(_("from"), max_length=30)
    target = models.CharField(_("to"), max_length=30)
    # Required for a person's move (portal.states.move); empty for the worker's and sweeps', whose note says why.
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        indexes = [models.Index(fields=["owner_type", "owner_id", "at"], name="transition_owner")]

    def __str__(self):
        return f"{self.owner_type.model} {self.owner_id}: {self.source} → {self.target}"
