"""Who may do what with the award ledger: one named question per action (the scoping itself is
units.access through the models' visible_to)."""

from units import access
from units.access import Role

# Roles that record their unit's decisions: province staff for the province's, an upper-level officer
# for their union's (and the unions below), a grassroots chair for their CĐCS (its Giấy khen, the
# employer's awards and initiative awards).
DECISION_KEEPERS = {Role.SYSTEM_ADMIN, Role.PROVINCE_STAFF, Role.UPPER_LEVEL_OFFICER, Role.GRASSROOTS_CHAIR}
CATALOGUE_KEEPERS = {Role.SYSTEM_ADMIN, Role.PROVINCE_STAFF}


def can_keep_decisions_at(user, unit) -> bool:
    """Create, edit, number and issue the decisions issued by `unit`."""
    return bool(access.roles_at(user, unit) & DECISION_KEEPERS)


def can_keep_any_decisions(user) -> bool:
    """The menu's "new decision" and the list's button: the user keeps decisions somewhere."""
    return access.has_role(user, DECISION_KEEPERS)


def can_edit_decision(user, decision) -> bool:
    """A draft only: an issued decision is a legal document, corrected by a new decision."""
    return decision.is_draft and can_keep_decisions_at(user, decision.issuing_unit)


def can_correct_decision(user, decision) -> bool:
    """A correcting decision is issued by the same unit as the decision it corrects."""
    return decision.is_issued and can_keep_decisions_at(user, decision.issuing_unit)


def can_keep_funds_at(user, unit) -> bool:
    return can_keep_decisions_at(user, unit)


def can_import_awards(user) -> bool:
    return access.has_role(user, {Role.SYSTEM_ADMIN, Role.PROVINCE_STAFF, Role.UPPER_LEVEL_OFFICER})


def can_keep_catalogue(user) -> bool:
    return access.has_role(user, CATALOGUE_KEEPERS)


def decision_units(user):
    """The units a user issues decisions for by default (the choices of "new decision" and of the
    fund page): the units of their keeping roles; for whoever sees everything, the top two levels."""
    from django.db.models import Q

    from units.models import Unit

    return Unit.objects.active().filter(access.role_units_q(user, DECISION_KEEPERS, "path", roots=Q(depth__lte=2))).select_related("unit_type")
