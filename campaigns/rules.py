"""Who may do what with campaigns: one function per action, built on units.access (what a user
sees is the models' visible_to; these say what they may change).

- A campaign is launched and managed by the staff of its launching unit: province staff at the
  province federation, an upper-level officer at their own union (decision 2's roles, held at that
  unit itself, not above it: the province does not run a district's campaign for it).
- A unit's plan, launch, registrations and progress are recorded by whoever may keep its members
  (its chair, and the officers and staff above it), as long as they also see the campaign.
- Reviews by a unit: the same people. Exemplars: found by any unit's editors; published only by the
  unit above the one that found it (or anyone above that).
- Leadership and council read.
"""

from units import access
from units.access import Role

CAMPAIGN_STAFF = {Role.PROVINCE_STAFF, Role.UPPER_LEVEL_OFFICER}


def can_launch_at(user, unit) -> bool:
    """May start a campaign launched by `unit`: a staff role held at that very unit, of a unit that
    has units below it to launch for (the province federation or an upper-level union)."""
    if not (unit.unit_type.is_province_federation or unit.unit_type.is_upper_level):
        return False
    return access.holds_role_at(user, CAMPAIGN_STAFF, unit)


def launch_units_q(user, path_lookup: str = "path"):
    """The units a user may launch campaigns for, as a filter of units (the form's choice list; the
    caller narrows it to province federations and upper-level unions)."""
    return access.holding_units_q(user, CAMPAIGN_STAFF, path_lookup)


def can_manage_campaign(user, campaign) -> bool:
    return can_launch_at(user, campaign.launching_unit)


def can_record_for_unit(user, unit) -> bool:
    """Plan, launch, registration, progress and review of `unit`."""
    return access.can_edit_members_at(user, unit)


def can_record_duty(user, duty) -> bool:
    return can_record_for_unit(user, duty.unit)


def can_chase(user, campaign, unit) -> bool:
    """Remind the late units under `unit`: the campaign's own staff, or an officer or province staff
    who reaches `unit` (a district officer chases their district's unions)."""
    if can_manage_campaign(user, campaign):
        return True
    return bool(access.roles_at(user, unit) & (CAMPAIGN_STAFF | {Role.SYSTEM_ADMIN}))


def can_publish_exemplar(user, exemplar) -> bool:
    """The publish switch is held by the unit above the one that found it (and anyone above that)."""
    return access.holds_role_above(user, CAMPAIGN_STAFF, exemplar.unit)
