"""Who reaches what: the one scoping rule of the portal, and who may do what.

A role assigned at a unit reaches that unit's subtree (the unit and everything below it in the
current tree). Every queryset a page, export or endpoint shows is narrowed by one of three filters,
through the `visible_to(user)` methods of the models, so an object outside a user's reach is a 404:

- `reach_q`: a record of one unit, seen down the tree (a member, a dossier);
- `applies_to_q`: a record a unit keeps for the units below it (a campaign, a decision), also seen
  by the units it applies to;
- `member_reach_q`: a record of several member units (a bloc), seen by whoever reaches a member.

Pages, filters and imports ask the named questions further down (`unit_in_reach`, `reach_tops_q`,
`can_edit_member`, ...) rather than reading the grants. See docs/decisions/0002-scoping-rule.md.
"""

from django.db.models import BooleanField, Exists, Expression, OuterRef, Q
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


# The internals of the rule. Outside this module, ask the named questions below instead.


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


def reaches(user, path: str) -> bool:
    """The same rule as reach_q, for one tree path already in hand."""
    return sees_everything(user) or any(path.startswith(reach) for reach in reach_paths(user))


def _step() -> int:
    from units.models import Unit  # units.models imports this module

    return Unit.steplen


def _paths_above_mine(user) -> list[str]:
    """The paths of the user's units and of every unit above them: the prefixes of their paths,
    cut at each level of the materialised path. No query, and no walk of the tree."""
    step = _step()
    return sorted({path[:end] for path in reach_paths(user) for end in range(step, len(path) + 1, step)})


class _SomeRelatedRow(Expression):
    """EXISTS (this row, through a many-valued relation, matches `condition`). A bloc with two
    members in reach stays one row, where a join would list it twice. The subquery is built
    when the filter meets its queryset, so callers name only a lookup, as with reach_q."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, condition: Q):
        super().__init__()
        self.condition = condition

    def resolve_expression(self, query=None, *args, **kwargs):
        rows = query.model._base_manager.filter(self.condition, pk=OuterRef("pk"))
        return Exists(rows).resolve_expression(query, *args, **kwargs)


def _nothing() -> Q:
    return Q(pk__in=[])


# The filters of the rule: each is one query (prefix tests on indexed paths, at most an
# EXISTS over a relation), whatever the number of grants, targets or members.


def reach_q(user, path_lookup: str) -> Q:
    """Down the tree: rows whose unit path (at `path_lookup`) lies in the user's reach, i.e. the
    unit is one of the user's units or below one of them."""
    if sees_everything(user):
        return Q()
    reach = _nothing()
    for path in reach_paths(user):
        reach |= Q(**{f"{path_lookup}__startswith": path})
    return reach


def applies_to_q(user, owner_path_lookup: str, targets_path_lookup: str | None = None) -> Q:
    """Up the tree: a record a unit keeps for the units below it (a province campaign, a decision
    sent to several unions). Seen by whoever reaches the owner (its unit and the units above), and
    by whoever reaches a unit the record applies to, i.e. is at or above it, or below it:

    - without `targets_path_lookup`, or for a record with no target units, it applies to the
      owner's whole subtree: the owner is then at or above one of the user's units, a test on the
      owner's path against the prefixes of the user's paths (no join);
    - with target units (`targets_path_lookup`, a many-valued lookup such as "targets__path"), it
      applies to them and the units below them only (an EXISTS over the relation).
    """
    if sees_everything(user):
        return Q()
    above_mine = _paths_above_mine(user)
    if not above_mine:
        return _nothing()
    owner_reached = reach_q(user, owner_path_lookup)
    owner_above_me = Q(**{f"{owner_path_lookup}__in": above_mine})
    if targets_path_lookup is None:
        return owner_reached | owner_above_me
    relation = targets_path_lookup.rsplit("__", 1)[0]
    has_targets = _SomeRelatedRow(Q(**{f"{relation}__isnull": False}))
    target_on_my_line = _SomeRelatedRow(Q(**{f"{targets_path_lookup}__in": above_mine}) | reach_q(user, targets_path_lookup))
    return owner_reached | (owner_above_me & ~Q(has_targets)) | Q(target_on_my_line)


def member_reach_q(user, members_path_lookup: str) -> Q:
    """Across the tree: a record of several member units (a bloc of unions from several districts),
    seen by whoever reaches any of its members (`members_path_lookup`, e.g. "members__path"), once.
    Combine with reach_q of the unit that keeps the record if that one should see it too."""
    if sees_everything(user):
        return Q()
    if not reach_paths(user):
        return _nothing()
    return Q(_SomeRelatedRow(reach_q(user, members_path_lookup)))


def area_reach_q(user, area_lookup: str, members_path_lookup: str) -> Q:
    """Across the tree, for a record of several member units that keeps the path of the lowest unit above
    them all (its area, at `area_lookup`): the same rows as member_reach_q, without asking every record.
    Whoever reaches the area reaches every member; a record whose area lies above the user's units (a
    province's decision, seen from a district) may have a member in reach: the exact EXISTS is asked of
    those only. A record with no members has the area "" and is seen by no one this way."""
    if sees_everything(user):
        return Q()
    reach = reach_paths(user)
    above = [path for path in _paths_above_mine(user) if not any(path.startswith(mine) for mine in reach)]
    return reach_q(user, area_lookup) | (Q(**{f"{area_lookup}__in": above}) & member_reach_q(user, members_path_lookup))


# Named questions for pages, filters and imports that do more than filter a queryset.


def unit_in_reach(user, unit) -> bool:
    """Would this unit's page open for the user? For a unit already in hand, e.g. one shown in a
    past tree that has since moved out of the user's area."""
    return reaches(user, unit.path)


def reach_tops_q(user, path_lookup: str, *, roots: Q) -> Q:
    """The units where the user's area begins: the units of their roles (not those below), or, for
    whoever sees everything, the roots of the tree (`roots`, which only the caller can say: a
    placement without a parent on a past day, a unit at depth 1)."""
    if sees_everything(user):
        return roots
    return Q(**{f"{path_lookup}__in": reach_paths(user)})


def role_units_q(user, roles: set[str], path_lookup: str, *, roots: Q) -> Q:
    """The units where the user holds one of `roles` (not those below), or, for whoever sees
    everything, `roots` (which only the caller can say): the issuing units a user keeps decisions for."""
    if sees_everything(user):
        return roots
    paths = sorted({path for role, path in grants(user) if role in roles})
    return Q(**{f"{path_lookup}__in": paths}) if paths else _nothing()


def reach_key(user) -> str:
    """A short text naming the user's area, the same for every user who reaches the same units:
    for caching what only depends on the area (the home page's counts)."""
    return "*" if sees_everything(user) else ",".join(reach_paths(user))


def reach_bounds(user) -> list[str] | None:
    """The tree paths under which all of the user's area lies, or None for whoever sees everything: for
    what an index headed by a path prefix can narrow (the member search's area order)."""
    return None if sees_everything(user) else reach_paths(user)


def reach_top_depth(user) -> int:
    """The level of the tree where the user's area begins (1, the roots, for whoever sees everything)."""
    if sees_everything(user):
        return 1
    return min((len(path) // _step() for path in reach_paths(user)), default=1)


def roles_at(user, unit) -> set[str]:
    """The roles of the user that reach `unit`."""
    return _roles_at_path(user, unit.path)


def _roles_at_path(user, unit_path: str) -> set[str]:
    if sees_everything(user):
        return {Role.SYSTEM_ADMIN}
    return {role for role, path in grants(user) if unit_path.startswith(path)}


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


def can_edit_member(user, member) -> bool:
    """The same rule for one member, from the path of their union (`member.unit_path`): a Person, or
    a lighter row with that field (the import reads thousands), without loading the union."""
    return bool(_roles_at_path(user, member.unit_path) & MEMBER_EDITORS)


def reaches_whole_tree(user) -> bool:
    """Nothing lies outside the user's reach: messages then speak of "the portal", not "your area"."""
    return sees_everything(user)


def can_add_top_unit(user) -> bool:
    """A unit without a parent starts a new tree: only whoever sees everything may add one."""
    return sees_everything(user)


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


# Questions for the records of the apps above units: who holds a role at a unit itself (a campaign is
# run by its launching unit's staff, not by the level above), or above it (an exemplar is published
# by the unit above the one that found it).


def holds_role_at(user, roles: set[str], unit) -> bool:
    """One of `roles` is held at `unit` itself (whoever sees everything holds every role everywhere)."""
    return sees_everything(user) or any(role in roles and path == unit.path for role, path in grants(user))


def holds_role_above(user, roles: set[str], unit) -> bool:
    """One of `roles` is held at a unit strictly above `unit`."""
    return sees_everything(user) or any(
        role in roles and unit.path.startswith(path) and path != unit.path for role, path in grants(user)
    )


def holding_units_q(user, roles: set[str], path_lookup: str = "path") -> Q:
    """The units where the user holds one of `roles` (every unit for whoever sees everything)."""
    if sees_everything(user):
        return Q()
    paths = [path for role, path in grants(user) if role in roles]
    return Q(**{f"{path_lookup}__in": paths}) if paths else _nothing()
