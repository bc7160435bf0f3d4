"""What an app adds to another app's pages without the page's app knowing it: sections of an object
page (the award history on a member's page) and filters of a list (the member list's "awarded X in
year Y"). Registered from the adding app's `menu.py`, like menu entries (portal/menu.py), so `units`
never imports `awards`. Nothing here imports a domain app."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Section:
    """A part of the object page `page` (e.g. "units.person"): `template`, rendered with what
    `context(request, obj)` returns, or left out when it returns None. A fixed number of queries."""

    key: str
    page: str
    template: str
    context: Callable[[Any, Any], dict | None]
    order: int = 100


@dataclass(frozen=True)
class ListFilter:
    """Filters the app adds to the list `page` (e.g. "units.person_list"): `filters(user)` returns
    named django-filter filters to add to the page's FilterSet (their methods do the filtering)."""

    key: str
    page: str
    filters: Callable[[Any], dict]
    order: int = 100


@dataclass
class Registry:
    sections: list[Section] = field(default_factory=list)
    list_filters: list[ListFilter] = field(default_factory=list)

    def add_section(self, section: Section) -> None:
        self.sections = [s for s in self.sections if s.key != section.key] + [section]

    def add_list_filter(self, list_filter: ListFilter) -> None:
        self.list_filters = [f for f in self.list_filters if f.key != list_filter.key] + [list_filter]


registry = Registry()
register_section = registry.add_section
register_list_filter = registry.add_list_filter


@dataclass(frozen=True)
class ShownSection:
    key: str
    template: str
    data: dict


def sections_for(page: str, request, obj) -> list[ShownSection]:
    """The sections of `page` that have something for this request and object, in order."""
    shown = []
    for section in sorted((s for s in registry.sections if s.page == page), key=lambda s: s.order):
        data = section.context(request, obj)
        if data is not None:
            shown.append(ShownSection(key=section.key, template=section.template, data=data))
    return shown


def list_filters_for(page: str, user) -> dict:
    """The extra filters of the list `page`, by name, in order."""
    extra = {}
    for list_filter in sorted((f for f in registry.list_filters if f.page == page), key=lambda f: f.order):
        extra.update(list_filter.filters(user))
    return extra
