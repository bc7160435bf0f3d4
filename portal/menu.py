"""The menu and the home page's "what waits for me" blocks, filled by the apps themselves.

Each app says what it offers in its own `menu.py` (imported once at startup by PortalConfig.ready),
so `units` never learns of `campaigns` or `reports`, and a new app adds itself without editing
`units` or `portal`. Nothing here imports a domain app. See docs/decisions/0010-menu-home-and-notices.md.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


def everyone(user) -> bool:
    return True


@dataclass(frozen=True)
class MenuEntry:
    """A link in the top menu. Entries with the same `group` share a dropdown labelled by it."""

    label: Any  # a lazy translation
    url_name: str
    visible: Callable[[Any], bool] = everyone
    order: int = 100
    group: Any = None
    # The entry is highlighted on pages whose view name starts with one of these (default: url_name).
    active_on: tuple[str, ...] = ()

    def is_active(self, view_name: str) -> bool:
        return any(view_name.startswith(prefix) for prefix in (self.active_on or (self.url_name,)))


@dataclass(frozen=True)
class HomeBlock:
    """A block of the home page: `template`, rendered with what `context(request)` returns.

    `context` returns None when the block has nothing for this user (it is then left out), so the
    function is also the block's visibility rule. It must run a fixed number of queries.
    """

    key: str
    template: str
    context: Callable[[Any], dict | None]
    order: int = 100


@dataclass
class Registry:
    entries: list[MenuEntry] = field(default_factory=list)
    blocks: list[HomeBlock] = field(default_factory=list)

    def add_entries(self, *entries: MenuEntry) -> None:
        # One entry per url name: registering again (a module imported twice) replaces, never doubles.
        names = {entry.url_name for entry in entries}
        self.entries = [e for e in self.entries if e.url_name not in names] + list(entries)

    def add_block(self, block: HomeBlock) -> None:
        self.blocks = [b for b in self.blocks if b.key != block.key] + [block]

    def remove_block(self, key: str) -> None:
        self.blocks = [b for b in self.blocks if b.key != key]


registry = Registry()
register = registry.add_entries
register_block = registry.add_block


@dataclass(frozen=True)
class MenuItem:
    """What the menu template draws: a link, or a dropdown (`children`) of links."""

    label: Any
    url_name: str = ""
    active: bool = False
    children: tuple["MenuItem", ...] = ()


def menu_for(user, view_name: str = "") -> list[MenuItem]:
    """The visible menu of `user`, in order; a dropdown sits where its first entry would."""
    items: list[MenuItem] = []
    groups: dict[str, list[MenuItem]] = {}
    for entry in sorted(registry.entries, key=lambda e: e.order):
        if not entry.visible(user):
            continue
        link = MenuItem(label=entry.label, url_name=entry.url_name, active=entry.is_active(view_name))
        if entry.group is None:
            items.append(link)
            continue
        key = str(entry.group)
        if key not in groups:
            groups[key] = []
            items.append(MenuItem(label=entry.group))  # placeholder, filled below
        groups[key].append(link)
    return [
        MenuItem(label=item.label, children=tuple(groups[str(item.label)]), active=any(c.active for c in groups[str(item.label)]))
        if not item.url_name
        else item
        for item in items
    ]


@dataclass(frozen=True)
class ShownBlock:
    template: str
    data: dict


def blocks_for(request) -> list[ShownBlock]:
    """The home page's blocks that have something for this user, in order."""
    shown = []
    for block in sorted(registry.blocks, key=lambda b: b.order):
        data = block.context(request)
        if data is not None:
            shown.append(ShownBlock(template=block.template, data=data))
    return shown
