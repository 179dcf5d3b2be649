"""Pages of long, wide lists: the page's keys and the list's length in one narrow query.

Django's Paginator counts the list, then sorts the whole list's rows (with every column of every joined
table) to return one page. For a provincial federation's 15,000 assignments that is two passes over the
rows and a sort of wide ones. `KeyPaginator` asks once for the page's primary keys with the total beside
them (`COUNT(*) OVER ()`), so the database sorts narrow rows once, then reads the page's rows by key.
"""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window

MAX_PAGE = 2**31 // 1000  # beyond it the offset could overflow the database's integer: the last page


class KeyPaginator(Paginator):
    """A Paginator over an ordered queryset (its ordering must end with a unique column, e.g. the key).
    `get_page` answers as Paginator.get_page does: page 1 for a number that is not one, the last page for
    one out of range."""

    def get_page(self, number) -> Page:
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        keys = self._keys(number) if 1 <= number <= MAX_PAGE else []
        if not keys and number != 1:  # out of range: the last page, as Paginator.get_page does
            number = self.num_pages
            keys = self._keys(number)
        if not keys:
            self.__dict__.setdefault("count", 0)
        return self._get_page(by_keys(self.object_list, keys), number, self)

    def _keys(self, number: int) -> list:
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list.annotate(_listed=Window(Count("pk")))
                    .values_list("pk", "_listed")[bottom:bottom + self.per_page])
        if rows:
            self.__dict__["count"] = rows[0][1]  # the cached_property Paginator.count, without its query
        return [key for key, _total in rows]


def by_keys(queryset, keys: list) -> list:
    """The rows of `queryset` with these primary keys, in the keys' order (one query; none for no keys)."""
    found = queryset.in_bulk(keys) if keys else {}
    return [found[key] for key in keys if key in found]
