"""What `units` adds to the portal's menu and home page (portal/menu.py); visibility from units.access."""

import hashlib

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from portal.menu import HomeBlock, MenuEntry, register, register_block
from units import access
from units.models import Person, Unit, UnitType
from units.paging import COUNT_CAP, capped_count

register(
    MenuEntry(_("Union tree"), "units:tree", order=10, active_on=("units:tree", "units:detail")),
    MenuEntry(_("Members"), "units:person-list", order=20, active_on=("units:person",)),
    MenuEntry(_("Import units"), "imports:units", access.can_import_units, order=30, group=_("Excel import")),
    MenuEntry(_("Import members"), "imports:people", access.can_import_members, order=31, group=_("Excel import")),
    MenuEntry(_("Accounts"), "units:role-list", access.can_manage_accounts, order=40, group=_("Administration"), active_on=("units:role",)),
    MenuEntry(_("Catalogues"), "admin:index", lambda user: user.is_staff, order=90, group=_("Administration")),
)


# The counts of the home page may be this many seconds old. A national officer's area holds 135,000
# units: even read from an index they cost more than the rest of the page, on every visit.
COUNTS_SECONDS = 120


def _counts(request):
    user = request.user
    key = "units.home-counts:" + hashlib.sha1(access.reach_key(user).encode()).hexdigest()
    counts = cache.get(key)
    if counts is None:
        # One pass over the active units' (path, unit type) index (unit_active_path_type), without
        # touching the table: both counts from the same scan.
        grassroots_types = UnitType.objects.filter(is_grassroots=True).values("pk")
        counts = (
            Unit.objects.visible_to(user)
            .active()
            .order_by()
            .aggregate(unit_count=Count("pk"), grassroots_count=Count("pk", filter=Q(unit_type_id__in=grassroots_types)))
        )
        counts["people_count"] = capped_count(Person.objects.visible_to(user).current())
        cache.set(key, counts, COUNTS_SECONDS)
    return {**counts, "count_cap": COUNT_CAP}


def _roles(request):
    return {"assignments": request.user.role_assignments.select_related("unit").order_by("unit__path")}


# The counts open the page; the user's roles close it, after the other apps' blocks.
register_block(HomeBlock("units.counts", "units/home_counts.html", _counts, order=10))
register_block(HomeBlock("units.roles", "units/home_roles.html", _roles, order=900))
