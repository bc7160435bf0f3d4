"""A member's union life: moving to another union, leaving (retired, moved away, died…), coming back.

People are never deleted from the registry: award history and reports of past years point at them.
Leaving marks the day; lists and counts show current members unless asked for those who left. Each
change writes a PersonEvent in the same transaction, which the person page lists.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from units.models import LeftReason, Person, PersonEvent, Unit


@transaction.atomic
def person_leave(*, person: Person, on: datetime.date, reason: str, by=None) -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.has_left:
        raise ValidationError(
            _("%(name)s already left the union on %(day)s.") % {"name": person.full_name, "day": date_format(person.left_on, "SHORT_DATE_FORMAT")}
        )
    if reason not in LeftReason.values:
        raise ValidationError({"reason": _("Choose why the member left.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("The day a member left cannot be in the future.")})
    if person.date_of_birth and on <= person.date_of_birth:
        raise ValidationError({"on": _("The day a member left must come after their date of birth.")})
    person.left_on, person.left_reason = on, reason
    person.save(update_fields=["left_on", "left_reason", "updated_at"])
    PersonEvent.objects.create(
        person=person, kind=PersonEvent.Kind.LEFT, effective_on=on, from_unit_id=person.unit_id, reason=reason, recorded_by=by
    )
    return person


@transaction.atomic
def person_return(*, person: Person, by=None) -> Person:
    """Undo a leaving recorded by mistake, or take back a member who rejoins."""
    person = Person.objects.select_for_update().select_related("unit").get(pk=person.pk)
    if not person.unit.is_active:
        raise ValidationError(
            _("%(unit)s has ended: first move %(name)s to the union they belong to now (Edit), then record the return.")
            % {"unit": person.unit.name, "name": person.full_name}
        )
    person.left_on, person.left_reason = None, ""
    person.save(update_fields=["left_on", "left_reason", "updated_at"])
    PersonEvent.objects.create(
        person=person, kind=PersonEvent.Kind.RETURNED, effective_on=timezone.localdate(), to_unit_id=person.unit_id, recorded_by=by
    )
    return person


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
