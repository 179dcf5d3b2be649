"""KeyPaginator gives the same pages as Django's Paginator, with the list's length from the page's own query."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dondoc.lib.paging import KeyPaginator
from dondoc.units.models import Unit

from . import factory


def _units():
    return Unit.objects.select_related("parent").order_by("kind", "path", "pk")


@pytest.mark.django_db
def test_every_page_and_beyond_is_the_page_django_gives(registry):
    parent = registry["hanoi"]
    for i in range(23):
        factory.unit(f"cs-{i}", f"Công đoàn cơ sở {i}", "grassroots", parent=parent)
    total = _units().count()
    for number in (1, 2, 3, total // 5 + 1, total // 5 + 2, 99, 0, -4, "x", None, "2", 10**30, "9" * 40):
        ours, theirs = KeyPaginator(_units(), 5).get_page(number), Paginator(_units(), 5).get_page(number)
        assert [u.pk for u in ours] == [u.pk for u in theirs], number
        assert (ours.number, ours.paginator.count, ours.paginator.num_pages) == (
            theirs.number, theirs.paginator.count, theirs.paginator.num_pages), number
        assert (ours.has_next(), ours.has_previous(), ours.start_index(), ours.end_index()) == (
            theirs.has_next(), theirs.has_previous(), theirs.start_index(), theirs.end_index())
    # The rows come with what the queryset selects (no query per row), the count without a query of its own.
    with CaptureQueriesContext(connection) as queries:
        page = KeyPaginator(_units(), 5).get_page(2)
        names = [u.parent.name if u.parent else "" for u in page]
        assert page.paginator.count == total and page.paginator.num_pages == -(-total // 5)
    assert len(names) == 5 and len(queries) == 2


@pytest.mark.django_db
def test_an_empty_list_has_one_empty_page():
    page = KeyPaginator(Unit.objects.order_by("pk"), 5).get_page(3)
    assert list(page) == [] and page.number == 1 and page.paginator.count == 0 and page.paginator.num_pages == 1


@pytest.mark.django_db
def test_the_covering_index_of_a_units_work_is_on_sqlite_only():
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "directives_assignment")
    assert ("assignment_unit_due_cover" in indexes) == (connection.vendor == "sqlite")
