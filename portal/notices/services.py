"""One call sends a notice: `notify(to=user, ...)` or `notify(role=..., unit=..., ...)`.

The in-app rows are written in the caller's transaction (a rollback takes them away with the rest);
e-mail and any other channel go to the task worker once that transaction commits, so a slow mail
server never slows a page and nothing is sent for work that was undone.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from portal.notices.models import Notice


def role_holders(*, role: str, unit):
    """Whoever holds `role` at `unit`, by the function named in settings.NOTICE_ROLE_HOLDERS (the portal
    does not import the app that keeps roles; units.notices.role_holders does)."""
    path = getattr(settings, "NOTICE_ROLE_HOLDERS", "")
    if not path:
        raise ImproperlyConfigured("NOTICE_ROLE_HOLDERS must name a function to send notices to a role at a unit.")
    return import_string(path)(role=role, unit=unit)


def _local(link: str) -> str:
    # Links are pages of this portal: an e-mail must never carry a link somewhere else.
    if link and (not link.startswith("/") or link.startswith("//")):
        raise ValueError(f"A notice links to a page of the portal, not {link!r}")
    return link


def notify(*, by, title: str, body: str = "", link: str = "", kind: str = "", to=None, role: str | None = None, unit=None) -> list[Notice]:
    """Send a notice to `to` (a user or several), or to whoever holds `role` at `unit`. Returns the new notices."""
    if (to is None) == (role is None) or (role is None) != (unit is None):
        raise TypeError("notify() needs either to= or both role= and unit=")
    if to is not None:
        users = [to] if not isinstance(to, Iterable) else list(to)
    else:
        users = list(role_holders(role=role, unit=unit))
    recipients = list({user.pk: user for user in users if user.is_active}.values())
    if not recipients:
        return []
    sender = by if getattr(by, "is_authenticated", False) else None
    link = _local(link)
    with transaction.atomic():
        notices = Notice.objects.bulk_create(
            Notice(recipient=user, sender=sender, kind=kind, title=title[:200], body=body, link=link) for user in recipients
        )
        ids = [notice.pk for notice in notices]
        transaction.on_commit(lambda: _enqueue(ids))
    return notices


def _enqueue(ids: list[int]) -> None:
    from portal.notices.tasks import deliver

    deliver.enqueue(ids)


def notices_mark_read(*, by, pk: int | None = None) -> int:
    """Mark one of `by`'s notices (or all of them) as read; returns how many changed."""
    unread = Notice.objects.unread_for(by)
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(read_at=timezone.now())


def preference_set(*, by, email: bool) -> None:
    from portal.notices.models import NoticePreference

    NoticePreference.objects.update_or_create(user=by, defaults={"email": email})
