"""Which models take attachments, and who may attach to them. Filled by the domain apps at start-up."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Attachable:
    model: type
    # can_attach(user, owner) -> bool: who may add and delete files of an owner they already see.
    can_attach: Callable


_attachables: dict[str, Attachable] = {}


def register(model, *, can_attach: Callable) -> None:
    """Let `model` take attachments. Its manager must offer `visible_to(user)` (the scoping rule):
    the download view finds the owner through it, so a file is seen exactly by those who see its record."""
    if not hasattr(model.objects, "visible_to"):
        raise TypeError(f"{model._meta.label} needs objects.visible_to(user) to take attachments")
    _attachables[model._meta.label_lower] = Attachable(model=model, can_attach=can_attach)


def attachable(label: str) -> Attachable | None:
    return _attachables.get(label)


def visible_owner(label: str, object_id: int, user):
    """The owner record if `user` sees it, else None (the caller answers 404)."""
    entry = attachable(label)
    if entry is None:
        return None
    return entry.model.objects.visible_to(user).filter(pk=object_id).first()


def may_attach(user, owner) -> bool:
    entry = attachable(owner._meta.label_lower)
    return bool(entry and getattr(user, "is_authenticated", False) and entry.can_attach(user, owner))
