"""The duties section of a campaign's page (templates/campaigns/detail/_duties.html): the current
user's own units' duties for that campaign, with a link to each. One query."""

from django import template

from campaigns import rules
from campaigns.models import Duty

register = template.Library()

SHOWN = 20  # a user holds a role at one or two units; whoever sees everything is not listed them all


@register.simple_tag(takes_context=True)
def my_campaign_duties(context, campaign):
    user = context["request"].user
    duties = (
        Duty.objects.visible_to(user)
        .filter(rules.own_duties_q(user), campaign=campaign)
        .exclude(state=Duty.State.PASSED)
        .select_related("unit")
        .order_by("unit__name", "pk")
    )
    return list(duties[:SHOWN])
