"""Which models take attachments, and who may attach to them. Filled by the domain apps at start-up."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Attachable:
    model: type
    # can_attach(user, owner) -> bool: who may add and delete files of an owner they already see.
    can_attach: Callable
    # Slots of the record (code → label): a duty has its plan file and its launch evidence. Empty: one
    # list of files, and an attachment's purpose stays blank.
    purposes: dict = field(default_factory=dict)


_attachables: dict[str, Attachable] = {}


def register(model, *, can_attach: Callable, purposes: dict | None = None) -> None:
    """Let `model` take attachments. Its manager must offer `visible_to(user)` (the scoping rule):
    the download view finds the owner through it, so a file is seen exactly by those who see its record.
    `purposes` (short code → label) gives the record several slots of files, each uploaded and listed
    apart: `register(Duty, can_attach=..., purposes={"plan": _("Plan file"), "launch": _("Launch evidence")})`."""
    if not hasattr(model.objects, "visible_to"):
        raise TypeError(f"{model._meta.label} needs objects.visible_to(user) to take attachments")
    for code in purposes or {}:
        if not code or len(code) > 20:
            raise ValueError(f"{model._meta.label}: a purpose is a short code, not {code!r}")
    _attachables[model._meta.label_lower] = Attachable(model=model, can_attach=can_attach, purposes=dict(purposes or {}))


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


def purposes_of(owner) -> dict:
    entry = attachable(owner._meta.label_lower)
    return entry.purposes if entry else {}


def valid_purpose(owner, purpose: str) -> bool:
    """A model with slots takes one of its codes; a model without takes only the blank purpose."""
    slots = purposes_of(owner)
    return purpose in slots if slots else purpose == ""
