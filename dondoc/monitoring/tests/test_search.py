"""Diacritic-insensitive search over units, documents and tasks; hostile strings get a message, not a 500."""

import pytest

from dondoc.monitoring import queries
from dondoc.tests import factory
from dondoc.units.models import UnitKind


@pytest.fixture
def cd_danang(registry):
    return factory.unit("cd-da-nang", "Công đoàn Đà Nẵng", UnitKind.UPPER_GRASSROOTS, registry["danang"],
                        province="Đà Nẵng")


def test_folded_query_finds_vietnamese_names(client, cd_danang, program, monitor):
    client.force_login(monitor)
    response = client.get("/theo-doi/tim-kiem/", {"q": "cong doan da nang"})
    assert response.status_code == 200
    assert [u.pk for u in response.context["units"]] == [cd_danang.pk]
    for query in ("CÔNG ĐOÀN ĐÀ NẴNG", "đà nẵng công"):
        assert cd_danang in client.get("/theo-doi/tim-kiem/", {"q": query}).context["units"]
    assert [d.pk for d in client.get("/theo-doi/tim-kiem/", {"q": "chuong trinh hanh dong"}).context["documents"]] == [
        program["document"].pk]
    assert [t.pk for t in client.get("/theo-doi/tim-kiem/", {"q": "ke hoach tien do"}).context["tasks"]] == [
        program["dated"].pk]


def test_d_folds_to_d():
    assert queries.search_words("Đoàn đà") == ["doan", "da"]


@pytest.mark.parametrize("query, status", [
    ('"""\'\'\'', 400),
    ("' OR 1=1 --", 200),
    ("cong AND doan OR NOT -x* %_", 200),
    ("a" * 10_000, 400),
    ("\x00\x01", 400),
    ("a b c d e f g h i j", 400),
])
def test_hostile_strings_never_500(client, registry, monitor, query, status):
    client.force_login(monitor)
    response = client.get("/theo-doi/tim-kiem/", {"q": query})
    assert response.status_code == status
    if status == 400:
        assert 'id="search-error"' in response.content.decode()


def test_officer_finds_only_own_units(client, cd_danang, officer, outsider):
    client.force_login(outsider)
    assert cd_danang in client.get("/theo-doi/tim-kiem/", {"q": "da nang"}).context["units"]
    client.force_login(officer)
    assert list(client.get("/theo-doi/tim-kiem/", {"q": "da nang"}).context["units"]) == []
