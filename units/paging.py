"""Pagination whose cost does not grow with the table: counts stop at a cap.

An exact COUNT(*) over millions of members costs more than the page itself. Up to the cap the
paginator behaves as Django's; past it the page says "more than N", any page number may be asked
for, and "next" is known by fetching one row more than a page. Search results are not counted at
all (`counted=False`): counting them would run the search twice.

Rows are fetched in two steps: the ids of the page (an index-only scan when an index holds the
order and the filters, however deep the page), then those rows with their related objects.
"""

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

from portal.params import int_param

COUNT_CAP = 10_000
# Past any list the portal holds (50 million rows at 50 a page): a deeper page number typed by hand
# is taken as page 1 rather than sent to the database as an offset it cannot hold.
MAX_PAGE = 1_000_000
# A search reads its pages in name order: page 20 is the first 1,000 names. Deeper pages cost in
# proportion to their depth (a walk reads every entry before them) and nobody reads them: the search
# stops there and asks for a word more (decision 0026).
SEARCH_MAX_PAGE = 20
# A list filtered through another app's subquery (the members awarded X in year Y) counts up to this: the
# count reads the list until it has cap + 1 rows, and a filter that keeps one member in fifty reads fifty
# for each one counted (half a million index entries for 10,000 people; 50,000 for 1,000).
SUBQUERY_COUNT_CAP = 1_000


class CappedPage(Page):
    has_more = False
    # At the paginator's max_page with more rows after it (the list stops here), and whether a
    # deeper page was asked for (and this one shown instead).
    stopped = False
    asked_deeper = False

    def has_next(self):
        return self.has_more if self.paginator.is_capped else super().has_next()


class CappedPaginator(Paginator):
    cap = COUNT_CAP

    def __init__(self, object_list, per_page, counted: bool = True, ids=None, max_page: int | None = None,
                 cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.counted = counted
        if cap is not None:
            self.cap = cap
        self.max_page = max_page
        # ids(bottom, top) gives the ids of a slice in the list's order, where the list has a
        # cheaper way to them than slicing the queryset (the member search: units.person_search; the
        # members awarded X: awards.filters.AwardedInTreeOrder). A counted list is then counted by it.
        self.ids = ids

    @cached_property
    def count(self):
        if not self.counted:
            return self.cap + 1
        if self.ids is not None:
            return len(self.ids(0, self.cap + 1))
        # The ids only: a sliced count keeps the select list, so annotations (the unit page's member count
        # of each child union) would be worked out for every row just to count them. And no order: a sliced
        # count keeps it too, and sorting every match of a filter (the members awarded X) before taking
        # cap + 1 of them cost more than the count.
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    def _rows(self, bottom: int, top: int) -> list:
        if self.ids is not None:
            ids = self.ids(bottom, top)
        else:
            ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        by_id = self.object_list.order_by().in_bulk(ids)
        return [by_id[pk] for pk in ids if pk in by_id]

    @property
    def max_rows(self) -> int | None:
        return self.max_page * self.per_page if self.max_page else None

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap

    def validate_number(self, number):
        if not self.is_capped:
            return super().validate_number(number)
        try:
            return min(max(int(number), 1), self.max_page or MAX_PAGE)
        except (TypeError, ValueError):
            return 1

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if not self.is_capped:
            top = bottom + self.per_page
            if top + self.orphans >= self.count:
                top = self.count
            return self._get_page(self._rows(bottom, top), number, self)
        rows = self._rows(bottom, bottom + self.per_page + 1)
        page = self._get_page(rows[: self.per_page], number, self)
        page.has_more = len(rows) > self.per_page
        if self.max_page and number >= self.max_page and page.has_more:
            page.has_more, page.stopped = False, True
        return page

    def _get_page(self, *args, **kwargs):
        return CappedPage(*args, **kwargs)


def page_of(request, queryset, per_page: int | None = None, param: str = "page", counted: bool = True, ids=None,
            max_page: int | None = None, cap: int | None = None):
    """The page asked for in `param`; with `max_page` (uncounted lists only: searches), no deeper page is
    read: a deeper number shows page `max_page`, marked `asked_deeper`, and that page has no "next"."""
    number = int_param(request, param, default=1, min_value=1, max_value=MAX_PAGE)
    paginator = CappedPaginator(queryset, per_page or settings.PAGE_SIZE, counted=counted, ids=ids,
                                max_page=max_page if not counted else None, cap=cap)
    page = paginator.get_page(number)
    page.asked_deeper = bool(paginator.max_page and number > paginator.max_page)
    return page


def capped_count(queryset, cap: int = COUNT_CAP) -> int:
    """The number of rows, or cap + 1 when there are more (shown as "more than cap")."""
    return queryset[: cap + 1].count()
