"""KPI 2, campaign follow-through, as the later reports read it (docs/shared domain.md, "The five
annual targets"): a launched campaign counts when it has responses (registrations), a review record
in the period, and at least one exemplar with a replication record. This module only reads."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from campaigns.models import Campaign, Exemplar, Registration, Replication, Review


@dataclass(frozen=True)
class FollowThrough:
    has_responses: bool  # at least one registration to emulate
    has_review: bool  # a review (sơ kết or tổng kết) held in the period
    has_replicated_exemplar: bool  # an exemplar or good practice of the campaign taken up by a unit

    @property
    def counts(self) -> bool:
        """The campaign counts towards KPI 2."""
        return self.has_responses and self.has_review and self.has_replicated_exemplar


def _annotated(campaigns, start: datetime.date | None, end: datetime.date | None):
    reviews = Review.objects.filter(campaign=OuterRef("pk"))
    reviews = reviews.filter(held_on__gte=start) if start else reviews.filter(held_on__gte=OuterRef("starts_on"))
    if end:
        reviews = reviews.filter(held_on__lte=end)
    replicated = Exemplar.objects.filter(campaign=OuterRef("pk")).filter(
        Exists(Replication.objects.filter(exemplar=OuterRef("pk")))
    )
    return campaigns.annotate(
        _responses=Exists(Registration.objects.filter(campaign=OuterRef("pk"))),
        _reviewed=Exists(reviews),
        _replicated=Exists(replicated),
    )


def follow_through_of(campaigns, *, start: datetime.date | None = None, end: datetime.date | None = None) -> dict[int, FollowThrough]:
    """{campaign id: FollowThrough} for a queryset of campaigns, in one query. A review counts when
    held from `start` (default: the campaign's own first day) to `end` (default: any day after)."""
    rows = _annotated(campaigns.order_by(), start, end).values_list("pk", "_responses", "_reviewed", "_replicated")
    return {pk: FollowThrough(bool(a), bool(b), bool(c)) for pk, a, b, c in rows}


def follow_through(campaign: Campaign, *, start: datetime.date | None = None, end: datetime.date | None = None) -> FollowThrough:
    return follow_through_of(Campaign.objects.filter(pk=campaign.pk), start=start, end=end)[campaign.pk]
