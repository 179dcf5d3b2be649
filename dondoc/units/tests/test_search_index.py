"""On PostgreSQL, searching units by words reads a trigram index rather than testing every unit."""

import pytest
from django.db import connection

from dondoc.tests.components import postgres_only
from dondoc.units.models import Unit


@postgres_only
@pytest.mark.django_db
def test_the_units_search_text_has_a_trigram_index_that_serves_a_word_search():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'units_unit_search_trgm'")
        row = cursor.fetchone()
    assert row is not None and "gin_trgm_ops" in row[0]
    Unit.objects.bulk_create([Unit(code=f"u-{n}", name=f"Công đoàn cơ sở số {n}", path=f"/u-{n}/",
                                   search_text=f"cong doan co so so {n}") for n in range(300)]
                             + [Unit(code="hn", name="LĐLĐ thành phố Hà Nội", path="/hn/",
                                     search_text="ldld thanh pho ha noi")])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE units_unit")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT id FROM units_unit WHERE search_text LIKE %s", ["%noi%"])
        plan = " ".join(r[0] for r in cursor.fetchall())
    assert "units_unit_search_trgm" in plan
    assert list(Unit.objects.filter(search_text__contains="noi").values_list("code", flat=True)) == ["hn"]
