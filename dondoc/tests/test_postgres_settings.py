"""dondoc's PostgreSQL connections plan for data in memory or on SSD (settings.DB_PG_OPTIONS)."""

import pytest
from django.db import connection

from dondoc.tests.components import postgres_only


@postgres_only
@pytest.mark.django_db
def test_connections_plan_for_random_reads_that_cost_little():
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == pytest.approx(1.1)
