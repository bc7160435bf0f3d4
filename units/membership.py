"""A member's union life: moving to another union, leaving (retired, moved away, died…), coming back.

People are never deleted from the registry: award history and reports of past years point at them.
Leaving marks the day; lists and counts show current members unless asked for those who left. Each
change writes a PersonEvent in the same transaction, which the person page lists; leaving and return
are moves of portal.states (member ↔ left), so a return of someone who never left is refused.

Creating and editing a member, and their training records, live here too. Every function that
changes data takes the acting user `by` and checks `access.can_edit_members_at` itself.
"""

import datetime

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from portal.states import Machine, move
from units import access
from units.models import ChangeRecord, LeftReason, Person, PersonEvent, TrainingRecord, Unit
from units.signals import members_moved

# The fields a person's page (and the admin) edits; the stale-edit check compares these too, with
# whether they left the union (changed by the leave and return buttons, not by the form).
EDITED_FIELDS = (
    "full_name", "sex", "date_of_birth", "ethnicity", "citizen_id", "unit",
    "job_title", "category", "union_post", "works_on_emulation",
)
WATCHED_FIELDS = (*EDITED_FIELDS, "left_on", "left_reason")


def _locked(pk: int) -> Person:
    """The person's row, locked until the transaction ends. Without a join: PostgreSQL rechecks a
    locked row against the joined rows it read before waiting, so a row whose union a concurrent save
    changed would drop out of a join (Person.DoesNotExist)."""
    return Person.objects.select_for_update().get(pk=pk)


def _check_edit(by, unit: Unit) -> None:
    if not access.can_edit_members_at(by, unit):
        raise PermissionDenied


def _state(person: Person) -> str:
    return LEFT if person.left_on else MEMBER


MEMBER, LEFT = "member", "left"
# A member's life cycle, derived from `left_on`; every leaving and return also writes a Transition row.
MEMBERSHIP = Machine(
    "membership",
    moves={(MEMBER, LEFT), (LEFT, MEMBER)},
    state_field=None,
    read=_state,
    refusals={
        LEFT: lambda person: _("%(name)s already left the union on %(day)s.")
        % {"name": person.full_name, "day": date_format(person.left_on, "SHORT_DATE_FORMAT")},
        MEMBER: lambda person: _("%(name)s has not left the union, so there is no return to record.") % {"name": person.full_name},
    },
)


@transaction.atomic
def person_leave(*, person: Person, on: datetime.date, reason: str, by) -> Person:
    def leaving(person):
        _check_edit(by, person.unit)
        if reason not in LeftReason.values:
            raise ValidationError({"reason": _("Choose why the member left.")})
        if on > timezone.localdate():
            raise ValidationError({"on": _("The day a member left cannot be in the future.")})
        if person.date_of_birth and on <= person.date_of_birth:
            raise ValidationError({"on": _("The day a member left must come after their date of birth.")})
        person.left_on, person.left_reason, person.version = on, reason, person.version + 1
        PersonEvent.objects.create(
            person=person, kind=PersonEvent.Kind.LEFT, effective_on=on, from_unit_id=person.unit_id, reason=reason, recorded_by=by
        )

    return move(person, LEFT, machine=MEMBERSHIP, by=by, change=leaving, fields=["left_on", "left_reason", "version"])


@transaction.atomic
def person_return(*, person: Person, by) -> Person:
    """Undo a leaving recorded by mistake, or take back a member who rejoins. A member who never left is refused."""

    def returning(person):
        _check_edit(by, person.unit)
        if not person.unit.is_active:
            raise ValidationError(
                _("%(unit)s has ended: first move %(name)s to the union they belong to now (Edit), then record the return.")
                % {"unit": person.unit.name, "name": person.full_name}
            )
        person.left_on, person.left_reason, person.version = None, "", person.version + 1
        PersonEvent.objects.create(
            person=person, kind=PersonEvent.Kind.RETURNED, effective_on=timezone.localdate(), to_unit_id=person.unit_id, recorded_by=by
        )

    return move(person, MEMBER, machine=MEMBERSHIP, by=by, change=returning, fields=["left_on", "left_reason", "version"])


def record_moves(moves: list[tuple[int, int, int]], *, on: datetime.date | None = None, by) -> None:
    """Write the MOVED events of people whose union changed: (person id, from unit id, to unit id), once
    their rows hold the new union and path; and tell the apps that keep a copy of the path."""
    on = on or timezone.localdate()
    moved = [(person, old, new) for person, old, new in moves if old != new]
    PersonEvent.objects.bulk_create(
        [PersonEvent(person_id=person, kind=PersonEvent.Kind.MOVED, effective_on=on, from_unit_id=old, to_unit_id=new, recorded_by=by)
         for person, old, new in moved],
        batch_size=2000,
    )
    if moved:
        members_moved.send(sender=Person, person_ids=[person for person, _old, _new in moved])


def record_leaving(people_ids, *, unit: Unit, on: datetime.date, reason: str, by) -> None:
    PersonEvent.objects.bulk_create(
        [PersonEvent(person_id=pk, kind=PersonEvent.Kind.LEFT, effective_on=on, from_unit=unit, reason=reason, recorded_by=by)
         for pk in people_ids],
        batch_size=2000,
    )


# Creating and editing a member ---------------------------------------------------------------------


class StaleEdit(Exception):
    """The person was saved by someone else after the form was opened; nothing was written.
    `changes` lists (field label, value now) for what differs from what the form was opened with."""

    def __init__(self, changes: list[tuple[str, str]]):
        self.changes = changes
        listed = "; ".join(f"{label}: {value}" for label, value in changes) or _("their record was saved again")
        super().__init__(
            _("Someone else saved this record after you opened it: %(changes)s. The form now shows the current "
              "values; make your change again and save.") % {"changes": listed}
        )


def _plain(person: Person, name: str) -> str:
    """A field's stored value as text (a related row as its id), for comparing two moments."""
    value = getattr(person, Person._meta.get_field(name).attname)
    return "" if value is None else value.isoformat() if isinstance(value, datetime.date) else str(value)


def _shown(person: Person, name: str) -> str:
    field = Person._meta.get_field(name)
    value = getattr(person, name)
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(getattr(person, f"get_{name}_display")())
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def opened_stamp(person: Person) -> str:
    """What an edit form carries besides the version: the watched values it was opened with, signed,
    so that a refused save can say field by field what changed since."""
    return signing.dumps({name: _plain(person, name) for name in WATCHED_FIELDS}, salt="person-edit")


def changed_since(person: Person, opened: str) -> list[tuple[str, str]]:
    try:
        then = signing.loads(opened, salt="person-edit")
    except signing.BadSignature:
        then = {}
    return [
        (capfirst(Person._meta.get_field(name).verbose_name), _shown(person, name))
        for name in WATCHED_FIELDS
        if then.get(name) != _plain(person, name)
    ] if then else []


@transaction.atomic
def person_create(*, values: dict, by) -> Person:
    """Add a member with `values` (the fields of EDITED_FIELDS, related rows as objects)."""
    _check_edit(by, values["unit"])
    person = Person(**values)
    person.save()
    return person


@transaction.atomic
def person_update(*, person: Person, values: dict, version: int, by, opened: str = "") -> Person:
    """Save `values` over the person if their record is still at `version`, the one the form was opened at.

    The row is locked first, so that of two officers saving at once the second waits, then finds a
    newer version and is refused (StaleEdit, with what changed since `opened`) instead of overwriting.
    The move to another union is written from the locked row: the union they were really in."""
    person = _locked(person.pk)
    _check_edit(by, person.unit)
    if "unit" in values:
        _check_edit(by, values["unit"])
    if person.version != version:
        raise StaleEdit(changed_since(person, opened))
    old_unit_id = person.unit_id
    for name, value in values.items():
        setattr(person, name, value)
    person.version += 1  # the row is locked: no one else can raise it meanwhile
    person.save()
    record_moves([(person.pk, old_unit_id, person.unit_id)], by=by)
    return person


# Training records of emulation staff -------------------------------------------------------------


def _record_training(kind: str, record: TrainingRecord, by) -> None:
    ChangeRecord.objects.create(
        kind=kind,
        unit_id=record.person.unit_id,
        person=record.person,
        details={"course": record.course, "organiser": record.organiser, "held_on": record.held_on.isoformat(), "attended": record.attended},
        recorded_by=by,
    )


@transaction.atomic
def training_record_add(*, person: Person, values: dict, by) -> TrainingRecord:
    _check_edit(by, person.unit)
    record = TrainingRecord.objects.create(person=person, **values)
    _record_training(ChangeRecord.Kind.TRAINING_ADDED, record, by)
    return record


@transaction.atomic
def training_record_remove(*, record: TrainingRecord, by) -> None:
    _check_edit(by, record.person.unit)
    _record_training(ChangeRecord.Kind.TRAINING_REMOVED, record, by)
    record.delete()
