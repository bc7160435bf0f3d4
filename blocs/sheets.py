"""The scoring sheet: its lines, the rule they must keep, saving and copying (docs/decisions/0029-blocs.md).

A sheet is written as numbered lines, as on paper: a group "1" with its sub-criteria "1.1", "1.2" …
(a sub-criterion belongs to the group whose number starts it), and bonus and penalty lines on their
own. The maxima of a group's sub-criteria must add up to the group's maximum; a sheet that does not
is refused whole, saying which group and by how much. Saved only while the bloc is being set up.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from blocs import rules
from blocs.models import Bloc, Criterion

Kind = Criterion.Kind


@dataclass(frozen=True)
class SheetLine:
    code: str
    name: str
    kind: str
    max_points: Decimal


@dataclass(frozen=True)
class SheetSummary:
    """What the sheet adds up to: the groups' total (the "out of" of the ranking), the bonus that can
    be added on top and the penalty that can be taken off."""

    groups_total: Decimal
    bonus_total: Decimal
    penalty_total: Decimal


def _points(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def _group_of(code: str, group_codes: list[str]) -> str | None:
    candidates = [group for group in group_codes if code.startswith(group + ".")]
    return max(candidates, key=len) if candidates else None


def check(lines: list[SheetLine]) -> None:
    """Refuse a sheet that breaks a rule, listing every fault (ValidationError with one message each)."""
    errors = []
    seen = set()
    for line in lines:
        if line.code in seen:
            errors.append(_("Number %(code)s is used twice.") % {"code": line.code})
        seen.add(line.code)
        if line.max_points <= 0:
            errors.append(_("Line %(code)s: the maximum must be more than 0 points.") % {"code": line.code})
    group_codes = [line.code for line in lines if line.kind == Kind.GROUP]
    items_of: dict[str, list[SheetLine]] = {code: [] for code in group_codes}
    for line in lines:
        if line.kind != Kind.ITEM:
            continue
        group = _group_of(line.code, group_codes)
        if group is None:
            errors.append(
                _("Criterion %(code)s belongs to no group: its number must start with a group's number and a dot (e.g. 1.2 in group 1).")
                % {"code": line.code}
            )
        else:
            items_of[group].append(line)
    for line in lines:
        if line.kind != Kind.GROUP or not items_of[line.code]:
            continue
        total = sum((item.max_points for item in items_of[line.code]), Decimal(0))
        if total != line.max_points:
            gap = line.max_points - total
            errors.append(
                (_("Group %(code)s “%(name)s”: its criteria add up to %(total)s points, %(gap)s points short of the group's %(max)s.")
                 if gap > 0 else
                 _("Group %(code)s “%(name)s”: its criteria add up to %(total)s points, %(gap)s points over the group's %(max)s."))
                % {"code": line.code, "name": line.name, "total": _points(total), "gap": _points(abs(gap)), "max": _points(line.max_points)}
            )
    if not any(line.kind in (Kind.GROUP, Kind.ITEM) for line in lines):
        errors.append(_("The sheet needs at least one criteria group."))
    if errors:
        raise ValidationError(errors, code="sheet")


def lines_of(bloc) -> list[Criterion]:
    """The sheet's criteria in order, one query, each marked `scored` (groups without sub-criteria take points)."""
    criteria = list(bloc.criteria.all())
    with_items = {criterion.parent_id for criterion in criteria if criterion.parent_id}
    for criterion in criteria:
        criterion._scored = criterion.kind != Kind.GROUP or criterion.pk not in with_items
    return criteria


def summary(criteria: list[Criterion]) -> SheetSummary:
    def total(kinds):
        return sum((c.max_points for c in criteria if c.kind in kinds), Decimal(0))

    return SheetSummary(groups_total=total({Kind.GROUP}), bonus_total=total({Kind.BONUS}), penalty_total=total({Kind.PENALTY}))


def as_lines(criteria) -> list[SheetLine]:
    return [SheetLine(c.code, c.name, c.kind, c.max_points) for c in criteria]


def _write(bloc, lines: list[SheetLine]) -> None:
    bloc.criteria.all().delete()
    group_codes = [line.code for line in lines if line.kind == Kind.GROUP]
    groups = {}
    for order, line in enumerate(lines, start=1):
        parent = groups.get(_group_of(line.code, group_codes)) if line.kind == Kind.ITEM else None
        criterion = Criterion.objects.create(
            bloc=bloc, parent=parent, kind=line.kind, code=line.code, name=line.name, max_points=line.max_points, order=order
        )
        if line.kind == Kind.GROUP:
            groups[line.code] = criterion


def _lock_for_sheet(user, bloc) -> Bloc:
    locked = Bloc.objects.select_for_update().select_related("organiser__unit_type").get(pk=bloc.pk)
    if not rules.can_manage_bloc(user, locked):
        raise PermissionDenied
    if locked.sheet_frozen:
        raise ValidationError(_("Scoring has opened: the sheet is frozen."), code="frozen")
    return locked


def sheet_save(*, bloc, lines: list[SheetLine], by) -> None:
    """Replace the bloc's sheet with `lines` (checked whole first; nothing is written if it fails)."""
    check(lines)
    with transaction.atomic():
        locked = _lock_for_sheet(by, bloc)
        _write(locked, lines)
        locked.save(update_fields=["updated_at"])


def sheet_copy(*, bloc, source, by) -> None:
    """Start the sheet from another bloc's (last year's), to edit before scoring opens."""
    if source.pk == bloc.pk:
        raise ValidationError(_("Choose another bloc's sheet."), code="same")
    lines = as_lines(source.criteria.order_by("order", "pk"))
    if not lines:
        raise ValidationError(_("That bloc has no scoring sheet to copy."), code="empty")
    with transaction.atomic():
        locked = _lock_for_sheet(by, bloc)
        _write(locked, lines)
        locked.sheet_copied_from = source
        locked.save(update_fields=["sheet_copied_from", "updated_at"])
