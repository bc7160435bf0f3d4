"""What `awards` adds to the portal's menu (portal/menu.py) and to the units' pages (portal/pages.py):
the award history on a member's and a unit's page, and the member list's "awarded X in year Y"."""

from django.utils.translation import gettext_lazy as _

from awards import history, rules
from awards.filters import member_list_filters
from portal.menu import MenuEntry, everyone, register
from portal.pages import ListFilter, Section, register_list_filter, register_section

register(
    MenuEntry(_("Award decisions"), "awards:decision-list", everyone, order=35, group=_("Awards"), active_on=("awards:decision", "awards:award")),
    MenuEntry(_("New decision"), "awards:decision-create", rules.can_keep_any_decisions, order=36, group=_("Awards")),
    MenuEntry(_("Award funds"), "awards:fund-list", rules.can_keep_any_decisions, order=37, group=_("Awards")),
    MenuEntry(_("Import past awards"), "awards:import", rules.can_import_awards, order=32, group=_("Excel import")),
)


def _person_history(request, person):
    return {"records": history.history_of_people([person.pk])[person.pk], "person": person}


def _unit_history(request, unit):
    return {
        "own": history.history_of_units([unit.pk])[unit.pk],
        "members": history.members_awards_of_unit(unit.pk, limit=20),
        "unit": unit,
        "can_record": rules.can_keep_decisions_at(request.user, unit),
    }


register_section(Section("awards.person-history", "units.person", "awards/_person_history.html", _person_history, order=10))
register_section(Section("awards.unit-history", "units.unit", "awards/_unit_history.html", _unit_history, order=10))
register_list_filter(ListFilter("awards.awarded", "units.person_list", member_list_filters))
