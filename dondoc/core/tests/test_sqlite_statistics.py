"""On SQLite, `migrate` refreshes the planner's statistics of a database that has them, so that an index a
migration adds is not taken for a very selective one."""

import pytest
from django.core.management import call_command
from django.db import connection

from dondoc.tests import factory
from dondoc.tests.components import sqlite_only


def _stat_rows(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        return cursor.fetchone()[0]


@pytest.mark.django_db
@sqlite_only  # PostgreSQL's autovacuum keeps its own statistics
def test_migrate_gives_every_index_of_an_analysed_database_its_statistics():
    factory.registry()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'units_unit'")  # as for an index added since
    assert _stat_rows("units_unit") == 0
    call_command("migrate", verbosity=0)
    assert _stat_rows("units_unit") > 0
