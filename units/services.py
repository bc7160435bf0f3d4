"""Changes to the union tree. Each runs in one transaction and writes the tree's history with it.

Views, the admin, the import and the demo-data command all create and change units through these
functions, so the current path, the dated placements and the events never disagree. Each takes the
acting user `by` and checks its own action rule (units.access): a view's early check gives a clean
403, the service is the guarantee.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from units import access, membership
from units.signals import send_tree_changed, subtree_moved
from units.models import ChangeRecord, LeftReason, Person, Placement, Unit, UnitEvent, UnitYearStats


def _fmt(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


@transaction.atomic
def unit_create(*, unit: Unit, parent: Unit | None, by) -> Unit:
    """Save a new (unsaved) unit under `parent` and open its first placement."""
    if not (access.can_add_child_to(by, parent) if parent is not None else access.can_add_top_unit(by)):
        raise PermissionDenied
    if parent is not None:
        if not parent.is_active:
            raise ValidationError(_("The parent unit %(name)s has ended and cannot receive new units.") % {"name": parent.name})
        unit.parent = parent
        Unit.objects.add_child(parent, instance=unit)
    else:
        unit.parent = None
        Unit.objects.add_root(instance=unit)
    Placement.objects.create(unit=unit, parent=parent, path=unit.path, valid_from=unit.active_from)
    UnitEvent.objects.create(
        unit=unit, kind=UnitEvent.Kind.CREATED, effective_on=unit.active_from, to_parent=parent, recorded_by=by
    )
    send_tree_changed(unit.pk)
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, changes: dict, by) -> Unit:
    """Change a unit's details. A new start date also moves the start of its first placement, so the
    tree as of a date agrees with it; a start after the unit's first move or end is refused. What
    really changed (read under the row's lock) is written as an "edited" event."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not access.can_edit_tree_at(by, unit):
        raise PermissionDenied
    changes = {field: value for field, value in changes.items() if getattr(unit, field) != value}
    if not changes:
        return unit
    if "active_from" in changes and changes["active_from"] != unit.active_from:
        start = changes["active_from"]
        placements = list(unit.placements.order_by(F("valid_from").asc(nulls_first=True)))
        limits = [p.valid_from for p in placements[1:] if p.valid_from] + ([unit.active_until] if unit.active_until else [])
        if start and limits and start >= min(limits):
            raise ValidationError(
                _("The start date must be before the unit's first move or its end (%(day)s).") % {"day": _fmt(min(limits))}
            )
        if placements:
            Placement.objects.filter(pk=placements[0].pk).update(valid_from=start)
    described = _describe_changes(unit, changes)
    for field, value in changes.items():
        setattr(unit, field, value)
    # Only the changed columns: the tree fields belong to the tree services.
    unit.save(update_fields=[*changes, "search_text", "updated_at"])
    UnitEvent.objects.create(unit=unit, kind=UnitEvent.Kind.EDITED, effective_on=timezone.localdate(), note=described, recorded_by=by)
    send_tree_changed(unit.pk)
    return unit


def _shown(field, value) -> str:
    if value is None or value == "":
        return "—"
    if field.is_relation:
        return str(field.related_model.objects.filter(pk=getattr(value, "pk", value)).first() or value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.date):
        return _fmt(value)
    return str(value)


def _describe_changes(unit: Unit, changes: dict) -> str:
    """ "Name: old → new; …" for the unit's event, from the locked row's values."""
    parts = []
    for name, value in changes.items():
        field = Unit._meta.get_field(name)
        old = getattr(unit, field.attname)
        parts.append(f"{capfirst(field.verbose_name)}: {_shown(field, old)} → {_shown(field, value)}")
    return "; ".join(parts)


def _check_move(unit: Unit, new_parent: Unit, day: datetime.date) -> None:
    if new_parent.pk == unit.pk or new_parent.path.startswith(unit.path):
        raise ValidationError(_("A unit cannot be moved under itself or under one of its own units."))
    if not unit.is_active:
        raise ValidationError(_("%(name)s has ended and cannot be moved.") % {"name": unit.name})
    if not new_parent.is_active_on(day):
        raise ValidationError(
            _("%(name)s does not exist on %(day)s.") % {"name": new_parent.name, "day": _fmt(day)}
        )
    latest = (
        Placement.objects.filter(unit__path__startswith=unit.path, valid_until__isnull=True)
        .aggregate(latest=Max("valid_from"))["latest"]
    )
    if latest and day < latest:
        raise ValidationError(
            _("The date must not be earlier than the last change in this part of the tree (%(day)s).")
            % {"day": _fmt(latest)}
        )


def _replace_placements(new_path: str, day: datetime.date) -> None:
    """Close the open placements of the subtree now at `new_path` and open new ones from `day`."""
    moved = list(Unit.objects.filter(path__startswith=new_path).values_list("pk", "parent_id", "path"))
    ids = [pk for pk, _, _ in moved]
    open_rows = Placement.objects.filter(unit_id__in=ids, valid_until__isnull=True)
    # A second change on the same day replaces the first instead of leaving an empty period.
    open_rows.filter(valid_from=day).delete()
    open_rows.update(valid_until=day)
    Placement.objects.bulk_create(
        Placement(unit_id=pk, parent_id=parent_id, path=path, valid_from=day) for pk, parent_id, path in moved
    )


@transaction.atomic
def unit_move(*, unit: Unit, new_parent: Unit, effective_on: datetime.date, by, note: str = "") -> Unit:
    """Put `unit` (and its subtree) under `new_parent` from `effective_on`."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    new_parent = Unit.objects.get(pk=new_parent.pk)
    if not (access.can_edit_tree_at(by, unit) and access.can_add_child_to(by, new_parent)):
        raise PermissionDenied
    if unit.parent_id == new_parent.pk:
        raise ValidationError(_("%(name)s is already under %(parent)s.") % {"name": unit.name, "parent": new_parent.name})
    _check_move(unit, new_parent, effective_on)
    old_parent_id, old_path = unit.parent_id, unit.path
    Unit.objects.move(unit, new_parent, "last-child")
    unit.refresh_from_db()
    Unit.objects.filter(pk=unit.pk).update(parent=new_parent)
    unit.parent = new_parent
    _replace_placements(unit.path, effective_on)
    # People carry their unit's path: rewrite the moved prefix, as treebeard does for the units.
    Person.objects.filter(unit_path__startswith=old_path).update(
        unit_path=Concat(Value(unit.path), Substr("unit_path", len(old_path) + 1))
    )
    subtree_moved.send(sender=Unit, old_path=old_path, new_path=unit.path)
    UnitEvent.objects.create(
        unit=unit,
        kind=UnitEvent.Kind.MOVED,
        effective_on=effective_on,
        from_parent_id=old_parent_id,
        to_parent=new_parent,
        note=note,
        recorded_by=by,
    )
    send_tree_changed(unit.pk)
    return unit


def _end(unit: Unit, day: datetime.date) -> None:
    if unit.active_from and day <= unit.active_from:
        raise ValidationError(
            _("The end date must be after the unit's start (%(day)s).") % {"day": _fmt(unit.active_from)}
        )
    if unit.parent is None:
        raise ValidationError(_("The top of the tree cannot be ended."))


@transaction.atomic
def unit_merge(*, unit: Unit, into: Unit, effective_on: datetime.date, by, note: str = "") -> Unit:
    """Merge `unit` into `into` from `effective_on`: its units and members go to the successor."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    into = Unit.objects.get(pk=into.pk)
    if not (access.can_edit_tree_at(by, unit) and access.can_add_child_to(by, into)):
        raise PermissionDenied
    if not unit.is_active:
        raise ValidationError(_("%(name)s has already ended.") % {"name": unit.name})
    if into.pk == unit.pk or into.path.startswith(unit.path):
        raise ValidationError(_("A unit cannot be merged into itself or into one of its own units."))
    if not into.is_active_on(effective_on):
        raise ValidationError(_("%(name)s does not exist on %(day)s.") % {"name": into.name, "day": _fmt(effective_on)})
    _end(unit, effective_on)
    for child in Unit.objects.filter(parent=unit, active_until__isnull=True).order_by("path"):
        unit_move(unit=child, new_parent=into, effective_on=effective_on, by=by, note=_("Merged with %(name)s") % {"name": unit.name})
    people = list(Person.objects.filter(unit=unit).current().values_list("pk", flat=True))
    moved_people = Person.objects.filter(unit=unit).update(
        unit=into, unit_path=into.path, version=F("version") + 1, updated_at=timezone.now()
    )
    membership.record_moves([(pk, unit.pk, into.pk) for pk in people], on=effective_on, by=by)
    Unit.objects.filter(pk=unit.pk).update(active_until=effective_on, successor=into)
    unit.refresh_from_db()
    UnitEvent.objects.create(
        unit=unit, kind=UnitEvent.Kind.MERGED, effective_on=effective_on, other_unit=into, note=note, recorded_by=by
    )
    UnitEvent.objects.create(
        unit=into,
        kind=UnitEvent.Kind.RECEIVED,
        effective_on=effective_on,
        other_unit=unit,
        note=_("%(count)s members transferred") % {"count": moved_people},
        recorded_by=by,
    )
    send_tree_changed(unit.pk, into.pk)
    return unit


@transaction.atomic
def unit_dissolve(*, unit: Unit, effective_on: datetime.date, by, note: str = "") -> Unit:
    """End `unit` from `effective_on`. Its active units must first be moved, merged or dissolved; the
    members still in it leave the union that day (those who joined another union were moved before)."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not access.can_edit_tree_at(by, unit):
        raise PermissionDenied
    if not unit.is_active:
        raise ValidationError(_("%(name)s has already ended.") % {"name": unit.name})
    _end(unit, effective_on)
    if Unit.objects.filter(parent=unit, active_until__isnull=True).exists():
        raise ValidationError(
            _("%(name)s still has active units under it; move, merge or dissolve them first.") % {"name": unit.name}
        )
    Unit.objects.filter(pk=unit.pk).update(active_until=effective_on)
    staying = Person.objects.filter(unit=unit).current()
    membership.record_leaving(list(staying.values_list("pk", flat=True)), unit=unit, on=effective_on,
                              reason=LeftReason.UNION_DISSOLVED, by=by)
    staying.update(
        left_on=effective_on, left_reason=LeftReason.UNION_DISSOLVED, version=F("version") + 1, updated_at=timezone.now()
    )
    unit.refresh_from_db()
    UnitEvent.objects.create(unit=unit, kind=UnitEvent.Kind.DISSOLVED, effective_on=effective_on, note=note, recorded_by=by)
    send_tree_changed(unit.pk)
    return unit


def can_save_counts_of(user, unit: Unit) -> bool:
    """The chair of a union reports its own counts; tree editors may correct them."""
    return access.can_edit_members_at(user, unit) or access.can_edit_tree_at(user, unit)


@transaction.atomic
def unit_counts_save(*, unit: Unit, year: int, members: int, workers: int, women: int, by) -> UnitYearStats:
    """Save a unit's member counts for `year` and record the change (with the old counts) when there is one."""
    if not can_save_counts_of(by, unit):
        raise PermissionDenied
    stats = UnitYearStats.objects.select_for_update().filter(unit=unit, year=year).first()
    before = [stats.members, stats.workers, stats.women] if stats else None
    after = [members, workers, women]
    if before == after:
        return stats
    stats, _created = UnitYearStats.objects.update_or_create(
        unit=unit, year=year, defaults={"members": members, "workers": workers, "women": women}
    )
    ChangeRecord.objects.create(
        kind=ChangeRecord.Kind.COUNTS_SAVED, unit=unit, details=counts_details(year, before, after), recorded_by=by
    )
    if (before is None or before[2] == 0) != (women == 0):
        send_tree_changed(unit.pk)  # a campaign for units with women members may now apply, or not
    return stats


def counts_details(year: int, before: list[int] | None, after: list[int]) -> dict:
    """The details of a COUNTS_SAVED record (also written by the import for the rows it saves)."""
    return {"year": year, "before": before, "after": after}


def placement_on(unit: Unit, day: datetime.date) -> Placement | None:
    return Placement.objects.on(day).filter(unit=unit).first()


def subtree_on(unit: Unit, day: datetime.date):
    """Placements of `unit` and every unit under it as the tree stood on `day` (empty if it did not exist)."""
    placement = placement_on(unit, day)
    if placement is None:
        return Placement.objects.none()
    return Placement.objects.on(day).filter(path__startswith=placement.path)


def children_on(unit: Unit | None, day: datetime.date):
    """Placements of the units directly under `unit` (or the roots) on `day`."""
    if unit is None:
        return Placement.objects.on(day).filter(parent__isnull=True)
    return Placement.objects.on(day).filter(parent=unit)
