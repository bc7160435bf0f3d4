"""What `units` adds to the portal's menu and home page (portal/menu.py); visibility from units.access."""

from django.utils.translation import gettext_lazy as _

from portal.menu import HomeBlock, MenuEntry, register, register_block
from units import access
from units.models import Person, Unit
from units.paging import COUNT_CAP, capped_count

register(
    MenuEntry(_("Union tree"), "units:tree", order=10, active_on=("units:tree", "units:detail")),
    MenuEntry(_("Members"), "units:person-list", order=20, active_on=("units:person",)),
    MenuEntry(_("Import units"), "imports:units", access.can_import_units, order=30, group=_("Excel import")),
    MenuEntry(_("Import members"), "imports:people", access.can_import_members, order=31, group=_("Excel import")),
    MenuEntry(_("Accounts"), "units:role-list", access.can_manage_accounts, order=40, active_on=("units:role",)),
    MenuEntry(_("Catalogues"), "admin:index", lambda user: user.is_staff, order=90),
)


def _counts(request):
    units = Unit.objects.visible_to(request.user).active()
    return {
        "unit_count": units.count(),
        "grassroots_count": units.filter(unit_type__is_grassroots=True).count(),
        "people_count": capped_count(Person.objects.visible_to(request.user).current()),
        "count_cap": COUNT_CAP,
    }


def _roles(request):
    return {"assignments": request.user.role_assignments.select_related("unit").order_by("unit__path")}


# The counts open the page; the user's roles close it, after the other apps' blocks.
register_block(HomeBlock("units.counts", "units/home_counts.html", _counts, order=10))
register_block(HomeBlock("units.roles", "units/home_roles.html", _roles, order=900))
