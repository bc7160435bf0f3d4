"""Ways a notice reaches people besides the portal itself, run by the task worker after commit.

settings.NOTICE_CHANNELS lists them as dotted paths. A channel gets the new notices (with
`recipient` and `recipient__notice_preference` loaded) and sends what its recipients want. A Zalo
Official Account or SMS channel plugs in here later: a class with `deliver`, a line in the setting,
and, if people may turn it off, a field on NoticePreference. Callers of notify() change nothing.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.module_loading import import_string

from portal.notices.models import Notice, preference_of

logger = logging.getLogger(__name__)


class Channel:
    name = ""

    def deliver(self, notices: list[Notice]) -> None:
        raise NotImplementedError


def absolute(path: str) -> str:
    return settings.PORTAL_URL.rstrip("/") + path


class EmailChannel(Channel):
    """E-mail through Django's e-mail backend (SMTP in production, local memory in tests), one connection per batch."""

    name = "email"

    def wants(self, user) -> bool:
        return bool(user.email) and user.is_active and preference_of(user).email

    def message(self, notice: Notice) -> EmailMessage:
        body = render_to_string(
            "notices/email.txt",
            {
                "notice": notice,
                "link": absolute(notice.link) if notice.link else "",
                "preferences": absolute(reverse("notices:preferences")),
            },
        )
        return EmailMessage(subject=notice.title, body=body, to=[notice.recipient.email])

    def deliver(self, notices: list[Notice]) -> None:
        messages = [self.message(notice) for notice in notices if self.wants(notice.recipient)]
        if messages:
            get_connection().send_messages(messages)


def configured() -> list[Channel]:
    return [import_string(path)() for path in settings.NOTICE_CHANNELS]
