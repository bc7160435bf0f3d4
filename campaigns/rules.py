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


def follows_campaigns(user) -> bool:
    """Sees the home page's block of campaigns with late units: the officers and staff who chase them."""
    return access.has_role(user, CAMPAIGN_STAFF | {Role.SYSTEM_ADMIN})


def own_duties_q(user, path_lookup: str = "unit_path"):
    """The duties that are the user's own to do (their to-do list): those of the units where they
    hold a role that records plans and launches (a chair's own union, an officer's own union)."""
    return access.holding_units_q(user, set(access.MEMBER_EDITORS), path_lookup)


def can_record_duty_now(user, duty) -> bool:
    """May record on the duty's page now: the duty is still owed, and the user records for its unit."""
    return duty.state == duty.State.OWED and can_record_duty(user, duty)


# Registrations, progress and reviews (campaigns/registrations.py). A unit takes part in a campaign
# when it owes it (a counted Duty) or launched it; what it records is recorded by whoever records
# for the unit (can_record_for_unit: its chair, the officers and staff above it).


def can_register(user, campaign, unit) -> bool:
    """A unit's registration to emulate, added or changed: while the campaign runs (launched)."""
    return campaign.state == campaign.State.LAUNCHED and can_record_for_unit(user, unit)


def can_report_on(user, campaign, unit) -> bool:
    """A unit's progress entries and reviews: on a launched campaign, or a closed one (the final
    review, tổng kết, is often held once the campaign has closed)."""
    return campaign.state != campaign.State.DRAFT and can_record_for_unit(user, unit)


def may_record_for_some_unit(user) -> bool:
    """Opens the registration, progress and review forms at all: a role that records for units
    (the unit itself is chosen in the form and checked by can_register / can_report_on)."""
    return access.has_role(user, access.MEMBER_EDITORS)


def can_record_exemplar(user, unit) -> bool:
    """Record an exemplar or a good practice found at `unit` (its editors: the chair, the officers above)."""
    return can_record_for_unit(user, unit)


def may_record_replications(user) -> bool:
    """Open the form that records a unit taking up an exemplar: whoever keeps some union's members
    (which unit they may name is can_record_replication)."""
    return access.can_import_members(user)


def can_record_replication(user, unit) -> bool:
    """Record that `unit` took up an exemplar or a good practice."""
    return can_record_for_unit(user, unit)
