"""Public pages of the award ledger, without login (docs/decisions/0035-award-documents.md):

- the verification page a certificate's QR code opens, by the award's unguessable token: the name,
  unit, form, year, decision number and date, issuing unit, and whether a later decision cancelled
  or amended it. Nothing else about the person (no citizen ID, no date of birth, no prize). A token
  that is unknown, or of an award whose decision is still a draft, is a plain 404;
- the honour board: the awards their issuing unit chose to publish (Award.published), still in
  force, searchable without accents (the folded search columns of units.text), a page at a time in
  a fixed number of queries."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from awards.models import Award, Correction, DecisionState
from portal.params import int_param
from units.paging import page_of
from units.text import search_words

BOARD_PAGE = 30
# The board is public and the same for everyone (its layout, templates/public/base.html, sets no cookie):
# a proxy may keep it, a short while, since an award may be unpublished or cancelled.
BOARD_MAX_AGE = 300


def _no_index(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def verify(request, token):
    award = (
        Award.objects.filter(token=token, decision__state=DecisionState.ISSUED)
        .select_related("form", "decision__issuing_unit", "cancelled_by")
        .only(
            "awardee_name", "unit_name", "collective_id", "year", "token", "form__name", "cancelled_by__number",
            "cancelled_by__symbol", "cancelled_by__decided_on", "cancelled_by__correction",
            "decision__number", "decision__symbol", "decision__decided_on", "decision__issuer_name", "decision__state",
            "decision__issuing_unit__name",
        )
        .first()
    )
    if award is None:
        raise Http404
    cancelled = award.cancelled_by
    return _no_index(render(request, "awards/public/verify.html", {
        "award": award,
        "decision": award.decision,
        "issuer": award.decision.issuer_name or award.decision.issuing_unit.name,
        "cancelled": cancelled,
        "amended": cancelled is not None and cancelled.correction == Correction.AMEND,
    }))


def board_queryset(query: str = "", year: int | None = None):
    awards = Award.objects.filter(published=True, decision__state=DecisionState.ISSUED, cancelled_by__isnull=True)
    if year:
        awards = awards.filter(year=year)
    for word in search_words(query):
        # Every word in the awardee's name or their unit's name, accents and case aside.
        awards = awards.filter(
            Q(person__search_text__contains=word) | Q(collective__search_text__contains=word) | Q(unit__search_text__contains=word)
        )
    return awards.select_related("form", "decision").only(
        "awardee_name", "unit_name", "year", "citation", "collective_id", "form__name", "decision__decided_on",
    ).order_by("-year", "-decision__decided_on", "awardee_name", "id")


def honour_board(request):
    query = (request.GET.get("q") or "").strip()[:100]
    year = int_param(request, "year", default=None, min_value=1945, max_value=2100)
    page = page_of(request, board_queryset(query, year), per_page=BOARD_PAGE)
    params = request.GET.copy()
    params.pop("page", None)
    response = render(request, "awards/public/honour_board.html", {"page": page, "q": query, "year": year, "query": params.urlencode()})
    patch_cache_control(response, public=True, max_age=BOARD_MAX_AGE)
    return response
