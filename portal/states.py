"""One pattern for every record with a life cycle: lock the row, check the move against the table of
allowed moves, change it, write a Transition row (who, when, from, to, note) and save, in one
transaction (docs/decisions/0011-state-changes.md).

A record names its states and allowed moves once, in a `Machine`:

    JOB = Machine("job", moves={(QUEUED, RUNNING), (RUNNING, DONE), ...}, labels=State)
    job = move(job, RUNNING, machine=JOB, by=None, note="worker", fields=["lease_until"],
               change=lambda job: setattr(job, "lease_until", soon))

A move the table does not allow raises `MoveRefused`, a ValidationError, so forms and views show its
Vietnamese message as they show any other validation error. Its state may be a field of the row
(`state_field="state"`) or derived from other fields (a member has left when `left_on` is set: `read=`);
then `change` sets those fields.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _


class MoveRefused(ValidationError):
    """The record is not in a state this move may start from (a second click, another tab, a stale page)."""

    # Positional code/params as ValidationError's own, so that copies (forms' error lists) rebuild it.
    def __init__(self, message, code="move_refused", params=None, *, source: str = "", target: str = ""):
        super().__init__(message, code, params)
        self.source, self.target = source, target


@dataclass(frozen=True)
class Machine:
    name: str
    moves: frozenset[tuple[str, str]]
    labels: dict = field(default_factory=dict)  # state → label shown in messages
    state_field: str | None = "state"  # the model field holding the state, or None when `read` derives it
    read: Callable | None = None
    # (source, target) or target → callable(obj) giving the message of a refusal worth its own words.
    refusals: dict = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "moves", frozenset(self.moves))

    def state_of(self, obj) -> str:
        return self.read(obj) if self.read else getattr(obj, self.state_field)

    def allows(self, source: str, target: str) -> bool:
        return (source, target) in self.moves

    def refusal(self, obj, source: str, target: str) -> str:
        explain = self.refusals.get((source, target)) or self.refusals.get(target)
        if explain:
            return explain(obj)
        return _("This change is not possible now: the record is “%(source)s”, it cannot become “%(target)s”. Reload the page.") % {
            "source": self.labels.get(source, source),
            "target": self.labels.get(target, target),
        }


def move(
    obj,
    target: str,
    *,
    machine: Machine,
    by,
    note: str = "",
    change: Callable | None = None,
    fields: Iterable[str] = (),
    only_from: Iterable[str] | None = None,
):
    """Move `obj` to `target` and return the locked, saved row (a fresh instance: use the return value).

    `by` is the person who asked; a move nobody asked for (the worker, a recovery sweep) passes
    by=None and says in `note` what made it. `change(locked)` sets the other fields the move writes
    (named in `fields`) and may raise ValidationError to refuse it; nothing is written then.
    `only_from` narrows the table for an action that shares its target with another (confirming and
    retrying a job both move it to QUEUED, from READY and from FAILED).
    """
    if by is None and not note:
        raise ValueError("A move made by no one must say in its note what made it.")
    model = type(obj)
    with transaction.atomic():
        # The lock makes two clicks, two tabs or a worker and a sweep take turns: the second one sees the
        # state the first left and is refused, instead of both passing the check.
        locked = model._default_manager.select_for_update().get(pk=obj.pk)
        source = machine.state_of(locked)
        if not machine.allows(source, target) or (only_from is not None and source not in only_from):
            raise MoveRefused(machine.refusal(locked, source, target), source=source, target=target)
        if change:
            change(locked)
        update = set(fields)
        if machine.state_field:
            setattr(locked, machine.state_field, target)
            update.add(machine.state_field)
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            update.add("updated_at")
        locked.save(update_fields=sorted(update))
        record(locked, source=source, target=target, by=by, note=note)
    return locked


def record(obj, *, source: str, target: str, by, note: str = ""):
    from portal.models import Transition

    return Transition.objects.create(
        owner_type=ContentType.objects.get_for_model(obj), owner_id=str(obj.pk), source=source, target=target, by=by, note=note
    )


def transitions_of(obj):
    """The moves of one record, oldest first."""
    from portal.models import Transition

    return Transition.objects.filter(owner_type=ContentType.objects.get_for_model(obj), owner_id=str(obj.pk)).order_by("at", "pk")
