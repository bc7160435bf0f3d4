"""Who reaches what: the one scoping rule of the portal, and who may do what.

A role assigned at a unit reaches that unit's subtree (the unit and everything below it in the
current tree). Every queryset a page, export or endpoint shows is narrowed by `reach_q`, through
the `visible_to(user)` methods of the models, so an object outside a user's reach is a 404.
See docs/decisions/0002-scoping-rule.md.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role:
    SYSTEM_ADMIN = "system_admin"
    PROVINCE_STAFF = "province_staff"
    UPPER_LEVEL_OFFICER = "upper_officer"
    GRASSROOTS_CHAIR = "grassroots_chair"
    LEADERSHIP = "leadership"
    COUNCIL_MEMBER = "council_member"


ROLE_LABELS = {
    Role.SYSTEM_ADMIN: _("System administrator"),
    Role.PROVINCE_STAFF: _("Province staff"),
    Role.UPPER_LEVEL_OFFICER: _("Upper-level union officer"),
    Role.GRASSROOTS_CHAIR: _("Grassroots union chair"),
    Role.LEADERSHIP: _("Leadership"),
    Role.COUNCIL_MEMBER: _("Council member"),
}

# Roles allowed to change the tree (create, edit, move, merge, dissolve units).
TREE_EDITORS = {Role.SYSTEM_ADMIN, Role.PROVINCE_STAFF, Role.UPPER_LEVEL_OFFICER}
# Roles allowed to keep the member registry and training records.
MEMBER_EDITORS = {Role.SYSTEM_ADMIN, Role.PROVINCE_STAFF, Role.UPPER_LEVEL_OFFICER, Role.GRASSROOTS_CHAIR}
# Roles allowed to import units from Excel (a file may touch any unit they reach).
UNIT_IMPORTERS = {Role.SYSTEM_ADMIN, Role.PROVINCE_STAFF}


def grants(user) -> list[tuple[str, str]]:
    """(role, unit path) pairs of the user's active units, read once per request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_portal_grants", None)
    if cached is None:
        cached = list(
            user.role_assignments.filter(unit__active_until__isnull=True).values_list("role", "unit__path")
        )
        user._portal_grants = cached
    return cached


def sees_everything(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or any(role == Role.SYSTEM_ADMIN for role, _ in grants(user))


def reach_paths(user) -> list[str]:
    """The tree paths the user reaches, without paths already covered by a shorter one."""
    paths = sorted({path for _, path in grants(user)})
    minimal: list[str] = []
    for path in paths:
        if not any(path.startswith(kept) for kept in minimal):
            minimal.append(path)
    return minimal


def reach_q(user, path_lookup: str) -> Q:
    """The filter that keeps rows whose unit path (at `path_lookup`) lies in the user's reach."""
    if sees_everything(user):
        return Q()
    reach = Q(pk__in=[])
    for path in reach_paths(user):
        reach |= Q(**{f"{path_lookup}__startswith": path})
    return reach


def reaches(user, path: str) -> bool:
    """The same rule as reach_q, for one tree path already in hand (e.g. a unit shown in a past tree)."""
    return sees_everything(user) or any(path.startswith(reach) for reach in reach_paths(user))


def roles_at(user, unit) -> set[str]:
    """The roles of the user that reach `unit`."""
    if sees_everything(user):
        return {Role.SYSTEM_ADMIN}
    return {role for role, path in grants(user) if unit.path.startswith(path)}


def can_manage_accounts(user) -> bool:
    return bool(grantable_roles(user))


def has_role(user, roles: set[str]) -> bool:
    return sees_everything(user) or any(role in roles for role, _ in grants(user))


def can_edit_tree_at(user, unit) -> bool:
    """Province staff change the tree anywhere they reach; an upper-level officer only below their own unit."""
    if sees_everything(user):
        return True
    for role, path in grants(user):
        if not unit.path.startswith(path):
            continue
        if role == Role.PROVINCE_STAFF:
            return True
        if role == Role.UPPER_LEVEL_OFFICER and unit.path != path:
            return True
    return False


def can_add_child_to(user, parent) -> bool:
    """Creating a unit under `parent` needs tree rights at or above the parent."""
    if sees_everything(user):
        return True
    return any(
        parent.path.startswith(path) and role in TREE_EDITORS for role, path in grants(user)
    )


def can_edit_members_at(user, unit) -> bool:
    return bool(roles_at(user, unit) & MEMBER_EDITORS)


def can_import_units(user) -> bool:
    return has_role(user, UNIT_IMPORTERS)


def can_import_members(user) -> bool:
    return has_role(user, MEMBER_EDITORS)


def grantable_roles(user) -> set[str]:
    """The roles a user may give (within their reach): province staff any but system administrator,
    an upper-level officer the chairs of the unions below, the system administrator all."""
    if sees_everything(user):
        return set(ROLE_LABELS)
    roles = {role for role, _ in grants(user)}
    if Role.PROVINCE_STAFF in roles:
        return set(ROLE_LABELS) - {Role.SYSTEM_ADMIN}
    if Role.UPPER_LEVEL_OFFICER in roles:
        return {Role.GRASSROOTS_CHAIR}
    return set()


def can_grant_at(user, role: str, unit) -> bool:
    """Giving `role` at `unit`: the role must be grantable and the unit strictly inside the giver's reach
    (an officer names chairs below their own union, not colleagues at it)."""
    if role not in grantable_roles(user):
        return False
    if sees_everything(user):
        return True
    return any(
        unit.path.startswith(path) and (r == Role.PROVINCE_STAFF or (r == Role.UPPER_LEVEL_OFFICER and unit.path != path))
        for r, path in grants(user)
    )


def can_set_password_of(user, account, account_roles) -> bool:
    """Setting someone else's password is taking over their account, so it needs the right to give
    every role that account holds (`account_roles`, its RoleAssignments): an officer resets the chairs
    below them, never a colleague, someone above, or an account that also works elsewhere."""
    if account.pk == user.pk or (account.is_superuser and not sees_everything(user)):
        return False
    if not account_roles:
        return sees_everything(user)
    return all(can_grant_at(user, held.role, held.unit) for held in account_roles)
