import logging

from django.conf import settings
from django.utils import translation
from django_tasks import task

from portal.notices import channels
from portal.notices.models import Notice

logger = logging.getLogger(__name__)


@task()
def deliver(notice_ids: list[int]) -> None:
    """Send new notices through every channel; one failing channel (a mail server down) does not stop the others."""
    notices = list(Notice.objects.filter(pk__in=notice_ids).select_related("recipient", "recipient__notice_preference"))
    failed = []
    with translation.override(settings.LANGUAGE_CODE):
        for channel in channels.configured():
            try:
                channel.deliver(notices)
            except Exception:
                logger.exception("Notice channel %s failed for notices %s", channel.name, notice_ids)
                failed.append(channel.name)
    if failed:
        # The task shows as failed in the worker's records (the notices themselves are in the portal).
        raise RuntimeError(f"notice channels failed: {', '.join(failed)}")
