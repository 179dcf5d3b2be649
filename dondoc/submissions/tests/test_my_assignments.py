"""A province's list of its units' work, page by page: every row once, earliest deadline first, for the
province's officer (one narrow query per page) as for a user of the centre (a count and a page)."""

import datetime as dt
import re

import pytest
from django.test import Client

from dondoc.directives import services as directives
from dondoc.lib import calendar as cal
from dondoc.tests import factory


def _listed(client: Client, query: str = "") -> list[int]:
    page = client.get(f"/nhiem-vu/{query}")
    assert page.status_code == 200
    return [int(pk) for pk in re.findall(r'href="/nhiem-vu/(\d+)/"', page.content.decode())]


@pytest.mark.django_db
def test_a_province_pages_through_the_work_of_its_units(registry):
    grassroots = [factory.unit(f"hn-cs-{i:02}", f"Công đoàn cơ sở số {i:02}", "grassroots", registry["hanoi_upper"])
                  for i in range(30)]
    document = factory.document()
    late = directives.task_create(document=document, ref="1", title="Tổng kết", lead_units=grassroots,
                                  deadline_kind=cal.DATE, deadline_date=dt.date(2021, 12, 20))
    early = directives.task_create(document=document, ref="2", title="Sơ kết", lead_units=grassroots,
                                   deadline_kind=cal.DATE, deadline_date=dt.date(2021, 11, 20))
    outside = directives.task_create(document=document, ref="3", title="Việc của Đà Nẵng",
                                     lead_units=[registry["danang"]], deadline_kind=cal.DATE,
                                     deadline_date=dt.date(2021, 11, 1))
    province = Client()
    province.force_login(factory.user("hanoi_officer", role="officer", unit=registry["hanoi"]))
    first, second = _listed(province), _listed(province, "?trang=2")
    assert len(first) == 50 and len(second) == 10 and not set(first) & set(second)
    assert set(first + second) == set(early.assignments.values_list("pk", flat=True)) | set(
        late.assignments.values_list("pk", flat=True))
    assert set(first[:30]) == set(early.assignments.values_list("pk", flat=True))  # earliest deadline first
    assert _listed(province, "?trang=9") == second and _listed(province, "?trang=x") == first
    assert outside.assignments.get().pk not in first + second
    # The centre's user lists the same rows in the same order (its whole federation, counted apart).
    centre = Client()
    centre.force_login(factory.user("centre_officer", role="officer", unit=registry["centre"]))
    everything = _listed(centre) + _listed(centre, "?trang=2")
    assert [pk for pk in everything if pk != outside.assignments.get().pk] == first + second
