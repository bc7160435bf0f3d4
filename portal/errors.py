"""Error pages in Vietnamese, in the portal's layout (400, the CSRF failure; 403 and 404 are Django's
views with our templates). The 500 page is Django's own view: it renders templates/500.html with no
request, no context processors and no database, so it shows even when the database is down.
"""

import logging

from django.middleware.csrf import REASON_NO_CSRF_COOKIE, REASON_NO_REFERER
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import bad_request as plain_bad_request

logger = logging.getLogger(__name__)


@requires_csrf_token
def bad_request(request, exception=None, reason: str = ""):
    """handler400. A 400 may come from a request the portal cannot trust (a bad Host header): if the
    page with the menu cannot be drawn for it, Django's plain page (our 400.html, no context) is shown."""
    try:
        return render(request, "400.html", {"reason": reason}, status=400)
    except Exception:  # noqa: BLE001 - an error page must not fail in turn
        logger.exception("The 400 page could not be rendered with the request")
        return plain_bad_request(request, exception)


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: a form sent from a page open too long (a new login since), or without cookies."""
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = ""
    context = {"back": back, "no_cookie": reason == REASON_NO_CSRF_COOKIE, "no_referer": reason == REASON_NO_REFERER}
    return render(request, "403_csrf.html", context, status=403)


class RejectNullCharacters:
    """A query string with a NUL character (`?q=%00`, typed or pasted by hand) gets the 400 page saying so.
    PostgreSQL refuses NUL in text (a server error), and a NUL is never part of what a user means;
    forms sent by POST check their own fields (Django's validator, worded in Vietnamese in locale/)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            return bad_request(request, reason=_(
                "The page address contains a character that cannot be used (%00). "
                "Remove it from the address, or type your search again in the search box."
            ))
        return self.get_response(request)
