from django import template

from campaigns import rules
from campaigns.models import Exemplar

register = template.Library()

SHOWN = 10


@register.inclusion_tag("campaigns/exemplars/_campaign_section.html", takes_context=True)
def campaign_exemplars(context, campaign):
    """The latest exemplars of `campaign` the user sees: one query, whatever their number."""
    request = context["request"]
    found = list(Exemplar.objects.visible_to(request.user).filter(campaign=campaign).select_related("unit").order_by("-recognised_on", "-pk")[: SHOWN + 1])
    return {"campaign": campaign, "exemplars": found[:SHOWN], "more": len(found) > SHOWN, "can_add": rules.may_record_replications(request.user)}
