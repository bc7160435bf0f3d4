"""Pagination whose cost does not grow with the table: counts stop at a cap.

An exact COUNT(*) over millions of members costs more than the page itself; beyond the cap the
page says "more than N" and still pages through the first N rows.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 100_000


class CappedPaginator(Paginator):
    cap = COUNT_CAP

    @cached_property
    def count(self):
        return self.object_list[: self.cap + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap

    def page(self, number):
        if not self.is_capped:
            return super().page(number)
        # The count is only a lower bound: never cut a page short because of it.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)


def page_of(request, queryset, per_page: int | None = None, param: str = "page"):
    return CappedPaginator(queryset, per_page or settings.PAGE_SIZE).get_page(request.GET.get(param))


def capped_count(queryset, cap: int = COUNT_CAP) -> int:
    """The number of rows, or cap + 1 when there are more (shown as "more than cap")."""
    return queryset[: cap + 1].count()
