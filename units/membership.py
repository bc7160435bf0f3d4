"""A member's union life: moving to another union, leaving (retired, moved away, died…), coming back.

People are never deleted from the registry: award history and reports of past years point at them.
Leaving marks the day; lists and counts show current members unless asked for those who left. Each
change writes a PersonEvent in the same transaction, which the person page lists; leaving and return
are moves of portal.states (member ↔ left), so a return of someone who never left is refused.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.states import Machine, move
from units.models import LeftReason, Person, PersonEvent, Unit


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


def _who(by) -> str:
    return "" if by is not None else "recorded without an acting user"


@transaction.atomic
def person_leave(*, person: Person, on: datetime.date, reason: str, by=None) -> Person:
    def leaving(person):
        if reason not in LeftReason.values:
            raise ValidationError({"reason": _("Choose why the member left.")})
        if on > timezone.localdate():
            raise ValidationError({"on": _("The day a member left cannot be in the future.")})
        if person.date_of_birth and on <= person.date_of_birth:
            raise ValidationError({"on": _("The day a member left must come after their date of birth.")})
        person.left_on, person.left_reason = on, reason
        PersonEvent.objects.create(
            person=person, kind=PersonEvent.Kind.LEFT, effective_on=on, from_unit_id=person.unit_id, reason=reason, recorded_by=by
        )

    return move(person, LEFT, machine=MEMBERSHIP, by=by, note=_who(by), change=leaving, fields=["left_on", "left_reason"])


@transaction.atomic
def person_return(*, person: Person, by=None) -> Person:
    """Undo a leaving recorded by mistake, or take back a member who rejoins. A member who never left is refused."""

    def returning(person):
        if not person.unit.is_active:
            raise ValidationError(
                _("%(unit)s has ended: first move %(name)s to the union they belong to now (Edit), then record the return.")
                % {"unit": person.unit.name, "name": person.full_name}
            )
        person.left_on, person.left_reason = None, ""
        PersonEvent.objects.create(
            person=person, kind=PersonEvent.Kind.RETURNED, effective_on=timezone.localdate(), to_unit_id=person.unit_id, recorded_by=by
        )

    return move(person, MEMBER, machine=MEMBERSHIP, by=by, note=_who(by), change=returning, fields=["left_on", "left_reason"])


def record_moves(moves: list[tuple[int, int, int]], *, on: datetime.date | None = None, by=None) -> None:
    """Write the MOVED events of people whose union changed: (person id, from unit id, to unit id)."""
    on = on or timezone.localdate()
    PersonEvent.objects.bulk_create(
        [PersonEvent(person_id=person, kind=PersonEvent.Kind.MOVED, effective_on=on, from_unit_id=old, to_unit_id=new, recorded_by=by)
         for person, old, new in moves if old != new],
        batch_size=2000,
    )


def record_leaving(people_ids, *, unit: Unit, on: datetime.date, reason: str, by=None) -> None:
    PersonEvent.objects.bulk_create(
        [PersonEvent(person_id=pk, kind=PersonEvent.Kind.LEFT, effective_on=on, from_unit=unit, reason=reason, recorded_by=by)
         for pk in people_ids],
        batch_size=2000,
    )
