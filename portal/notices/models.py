"""Notices: what the portal tells one person (a role given, later a dossier returned, a vote due).

A notice is a row the recipient reads in the portal (the bell in the menu); the channels in
settings.NOTICE_CHANNELS (e-mail now) carry a copy from the task worker. See portal/notices/services.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class NoticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A notice belongs to its recipient alone: anyone else's is a 404."""
        return self.filter(recipient=user) if getattr(user, "is_authenticated", False) else self.none()

    def unread_for(self, user):
        return self.visible_to(user).filter(read_at__isnull=True)


class Notice(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="notices", verbose_name=_("recipient"))
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("sent by")
    )
    # What the notice is about, for code (e.g. "units.role_granted"): lets a channel or a preference pick kinds later.
    kind = models.CharField(_("notice kind"), max_length=60, blank=True)
    # Written in the sender's language at the time (Vietnamese for everyone here), never re-translated.
    title = models.CharField(_("notice title"), max_length=200)
    body = models.TextField(_("notice text"), blank=True)
    link = models.CharField(_("notice link"), max_length=500, blank=True, help_text=_("A page of the portal, e.g. /units/12/"))
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The list page: a user's notices, newest first.
            models.Index(fields=["recipient", "-created_at"], name="notice_recipient_newest"),
            # The bell on every page counts only unread rows: a small partial index.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notice_unread"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("notices:open", args=[self.pk])


class NoticePreference(models.Model):
    """How one person wants notices besides the portal. No row means the defaults (e-mail on)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, primary_key=True, related_name="notice_preference", verbose_name=_("account")
    )
    email = models.BooleanField(_("also send notices by e-mail"), default=True)

    class Meta:
        verbose_name = _("notice preference")
        verbose_name_plural = _("notice preferences")

    def __str__(self):
        return str(self.user)


def preference_of(user) -> NoticePreference:
    """The user's preference, or the unsaved defaults (reads the row select_related by the caller, if any)."""
    try:
        return user.notice_preference
    except NoticePreference.DoesNotExist:
        return NoticePreference(user=user)
