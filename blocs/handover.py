"""The hand-over to the award workflow: each acclaimed leading member proposed for a title (Cờ thi
đua) at its bloc's review becomes a proposal that the workflow turns into a dossier.

The workflow reads `open_proposals(user)` (the ones not yet taken up, as small result objects) and
calls `take_up(...)` when it has made the dossier; nothing here knows about dossiers.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from blocs.models import Review


@dataclass(frozen=True)
class Proposal:
    review_id: int
    bloc_id: int
    bloc_name: str
    year: int
    organiser_id: int
    unit_id: int
    unit_name: str
    title_code: str
    title_name: str
    reviewed_on: datetime.date


def _proposals(reviews) -> list[Proposal]:
    rows = reviews.filter(acclaimed__isnull=False, proposed_title__isnull=False).select_related(
        "bloc", "acclaimed__unit", "proposed_title"
    ).order_by("-bloc__year", "bloc__name", "pk")
    return [
        Proposal(
            review_id=r.pk, bloc_id=r.bloc_id, bloc_name=r.bloc.name, year=r.bloc.year, organiser_id=r.bloc.organiser_id,
            unit_id=r.acclaimed.unit_id, unit_name=r.acclaimed.unit.name, title_code=r.proposed_title.code,
            title_name=r.proposed_title.name, reviewed_on=r.held_on,
        )
        for r in rows
    ]


def open_proposals(user, year: int | None = None) -> list[Proposal]:
    """Proposals the user sees that no dossier has taken up yet."""
    reviews = Review.objects.visible_to(user).filter(proposal_taken_up_at__isnull=True, bloc__state="reviewed")
    if year is not None:
        reviews = reviews.filter(bloc__year=year)
    return _proposals(reviews)


def take_up(*, review_id: int, by, reference: str) -> None:
    """Mark a proposal as taken up (by a dossier named in `reference`); a second take-up is refused."""
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review_id)
        if review.proposal_taken_up_at is not None:
            raise ValidationError(_("This proposal has already been taken up as %(reference)s.") % {"reference": review.proposal_reference})
        review.proposal_taken_up_at, review.proposal_taken_up_by, review.proposal_reference = timezone.now(), by, reference
        review.save(update_fields=["proposal_taken_up_at", "proposal_taken_up_by", "proposal_reference"])
