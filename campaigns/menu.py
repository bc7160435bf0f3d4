"""What `campaigns` adds to the portal's menu and home page (portal/menu.py)."""

import hashlib

from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns import rules
from campaigns.models import Campaign, Duty
from portal.menu import HomeBlock, MenuEntry, register, register_block
from units import access

register(
    MenuEntry(_("All campaigns"), "campaigns:list", order=15, group=_("Emulation campaigns"), active_on=("campaigns:list", "campaigns:create", "campaigns:detail", "campaigns:edit", "campaigns:launch", "campaigns:status", "campaigns:coverage")),
    MenuEntry(_("Plans and launches to do"), "campaigns:todo", rules.may_record_for_some_unit, order=16, group=_("Emulation campaigns"), active_on=("campaigns:todo", "campaigns:duty")),
    MenuEntry(_("Exemplars"), "campaigns:exemplars", order=17, group=_("Emulation campaigns"), active_on=("campaigns:exemplars", "campaigns:exemplar", "campaigns:exemplar-create")),
    MenuEntry(_("Import plans and launches"), "campaigns:import-launches", rules.may_record_for_some_unit, order=32, group=_("Excel import")),
)

# Like the units' counts, the block may be this many seconds old: it is read on every visit of the
# home page, and the late duties of a province are thousands of rows.
LATE_SECONDS = 120
SHOWN = 5


def _late_campaigns(request):
    user = request.user
    if not rules.follows_campaigns(user):
        return None
    today = timezone.localdate()
    key = f"campaigns.home-late:{today.isoformat()}:" + hashlib.sha1(access.reach_key(user).encode()).hexdigest()
    rows = cache.get(key)
    if rows is None:
        # One grouped query over the late duties the user sees (the (campaign, unit_path) index).
        rows = list(
            Duty.objects.visible_to(user)
            .late_on(today)
            .filter(campaign__state=Campaign.State.LAUNCHED)
            .order_by()
            .values("campaign_id", "campaign__name", "campaign__year", "campaign__plans_due_on")
            .annotate(late=Count("pk"))
            .order_by("-late", "campaign_id")[: SHOWN + 1]
        )
        cache.set(key, rows, LATE_SECONDS)
    return {"late_campaigns": rows[:SHOWN], "more": len(rows) > SHOWN}


register_block(HomeBlock("campaigns.late", "campaigns/home_late.html", _late_campaigns, order=20))
