"""What the registrations section of a campaign's page shows (templates/campaigns/detail/_registrations.html)."""

from django import template
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from campaigns import rules
from campaigns.models import Campaign, ProgressEntry, Registration, RegistrationEntry, Review

register = template.Library()


def _count(queryset, group="campaign"):
    counted = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@register.simple_tag(takes_context=True)
def registration_counts(context, campaign):
    """The campaign's registrations, members registered, progress reports and reviews in the user's
    area: one query (four counts as subqueries of the campaign's row)."""
    user = context["request"].user
    here = OuterRef("pk")
    counts = (
        Campaign.objects.filter(pk=campaign.pk)
        .annotate(
            n_registrations=_count(Registration.objects.visible_to(user).filter(campaign=here)),
            n_members=_count(
                RegistrationEntry.objects.filter(
                    registration__campaign=here, registration__in=Registration.objects.visible_to(user).values("pk")
                ),
                group="registration__campaign",
            ),
            n_progress=_count(ProgressEntry.objects.visible_to(user).filter(campaign=here)),
            n_reviews=_count(Review.objects.visible_to(user).filter(campaign=here)),
        )
        .values_list("n_registrations", "n_members", "n_progress", "n_reviews")
        .first()
    )
    counts = dict(zip(("registrations", "members", "progress", "reviews"), counts or (0, 0, 0, 0)))
    counts["may_record"] = rules.may_record_for_some_unit(user) and campaign.state != Campaign.State.DRAFT
    counts["registering"] = campaign.state == Campaign.State.LAUNCHED
    return counts
