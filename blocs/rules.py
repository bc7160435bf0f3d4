"""Who may do what with blocs: one function per action, on units.access (what a user sees is the
models' visible_to; these say what they may change).

- A bloc is set up, officially scored and reviewed by the staff of its organising unit (province
  staff at the province federation, or an upper-level officer at their own union: the roles that
  run that unit's campaigns, held at the unit itself).
- A member scores itself: its own chair or officer, a role held at the member unit itself (the
  province does not self-score for a district).
"""

from django.utils import timezone

from campaigns.rules import CAMPAIGN_STAFF
from units import access
from units.access import Role

SELF_SCORERS = {Role.GRASSROOTS_CHAIR, Role.UPPER_LEVEL_OFFICER}


def can_organise_at(user, unit) -> bool:
    """May set up a bloc organised by `unit`: a federation or upper-level union's own staff."""
    if not (unit.unit_type.is_province_federation or unit.unit_type.is_upper_level):
        return False
    return access.holds_role_at(user, CAMPAIGN_STAFF, unit)


def organiser_units_q(user, path_lookup: str = "path"):
    """The units a user may organise blocs for, as a filter of units (the form's choice list)."""
    return access.holding_units_q(user, CAMPAIGN_STAFF, path_lookup)


def may_organise_some_bloc(user) -> bool:
    return access.has_role(user, CAMPAIGN_STAFF | {Role.SYSTEM_ADMIN})


def can_manage_bloc(user, bloc) -> bool:
    """Members, leader and deputy, pledge, sheet, bands, official scores and the review."""
    return can_organise_at(user, bloc.organiser)


def can_edit_sheet(user, bloc) -> bool:
    """The sheet is frozen once scoring opens."""
    return not bloc.sheet_frozen and can_manage_bloc(user, bloc)


def is_self_scorer(user, member) -> bool:
    """The member unit's own chair or officer."""
    return access.holds_role_at(user, SELF_SCORERS, member.unit)


def self_scoring_open(bloc, today=None) -> bool:
    today = today or timezone.localdate()
    due = bloc.self_scoring_due_on
    return bloc.state == bloc.State.SCORING and (due is None or today <= due)


def can_self_score(user, member, today=None) -> bool:
    return self_scoring_open(member.bloc, today) and is_self_scorer(user, member)


def can_score_officially(user, bloc) -> bool:
    return bloc.state == bloc.State.SCORING and can_manage_bloc(user, bloc)


def can_record_review(user, bloc) -> bool:
    return bloc.state == bloc.State.SCORING and can_manage_bloc(user, bloc)


def can_reopen_review(user, bloc) -> bool:
    return bloc.state == bloc.State.REVIEWED and can_manage_bloc(user, bloc)


def can_attach_evidence(user, score) -> bool:
    """A self-score's evidence, while the member may still change its self-scores."""
    return can_self_score(user, score.member)
