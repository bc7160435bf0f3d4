"""What the task worker does for campaigns: after a launch, make the duties and tell the units."""

from django.contrib.auth import get_user_model
from django_tasks import task

from campaigns.duties import refresh_duties
from campaigns.models import Campaign


@task()
def launch_fan_out(campaign_id: int, by_id: int | None = None) -> int:
    """Make the launched campaign's duties, then send one notice to each owing unit's chair. A fixed
    number of queries whatever the number of units (the chairs are read at once). Returns the
    number of notices."""
    from campaigns.services import tell_owing_units

    campaign = Campaign.objects.select_related("launching_unit").filter(pk=campaign_id).first()
    if campaign is None or campaign.state != Campaign.State.LAUNCHED:
        return 0
    refresh_duties(campaign)
    by = get_user_model().objects.filter(pk=by_id).first() if by_id else None
    return tell_owing_units(campaign, by=by)
