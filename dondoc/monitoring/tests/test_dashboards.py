"""Dashboards as the monitor, a leader and unit officers use them: figures, permissions, bad input, exports."""

import datetime as dt
import html
import io
import re
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from dondoc.directives import rules
from dondoc.directives import services as directives
from dondoc.directives.models import Fulfilment, GroupRule
from dondoc.lib import calendar as cal
from dondoc.monitoring import queries
from dondoc.submissions import services as submissions
from dondoc.submissions.models import SubmissionKind
from dondoc.tests import factory
from dondoc.units import changes
from dondoc.units.models import UnitKind

DAY = "09/11/2021"


def login(client, user):
    client.force_login(user)
    return client


def plan_issued(task, unit, by, on: dt.date):
    """The monitor records a unit's issued plan and accepts it (the program counts done when accepted)."""
    sent = submissions.submission_create(
        assignment=task.assignments.get(unit=unit), kind=SubmissionKind.PLAN_ISSUED, by=by, doc_number="1/KH",
        doc_date=on, text="Đã ban hành", now=dt.datetime(2021, 11, 1, 9, tzinfo=dt.UTC))
    return submissions.submission_accept(submission=sent, by=by, now=dt.datetime(2021, 11, 1, 10, tzinfo=dt.UTC))


@pytest.fixture
def done_hanoi(program, registry, monitor):
    plan_issued(program["plan"], registry["hanoi"], monitor, dt.date(2021, 9, 1))
    return program


def test_monitor_sees_program_counts_per_task(client, done_hanoi, monitor):
    response = login(client, monitor).get(f"/theo-doi/chuong-trinh/{done_hanoi['document'].pk}/?ngay={DAY}")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="dashboard-stats"' in body and "<strong>1/4</strong>" in body  # 4 direct units in the registry
    plan_row = next(s for s in response.context["stats"] if s.task.ref == "1")
    assert plan_row.counts[rules.DONE_ON_TIME] == 1 and plan_row.counts[rules.NO_DEADLINE] == 3


def test_program_found_by_number_redirects_to_its_dashboard(client, program, leader):
    response = login(client, leader).get("/theo-doi/", {"so": "02/Ctr-BCH", "ngay": DAY})
    assert response.status_code == 302
    assert response.url == f"/theo-doi/chuong-trinh/{program['document'].pk}/?ngay={DAY}"


def test_task_grouped_by_kind_and_province_sums_to_total(client, done_hanoi, monitor):
    task = done_hanoi["plan"]
    by_kind = login(client, monitor).get(f"/theo-doi/nhiem-vu/{task.pk}/?ngay={DAY}")
    assert by_kind.status_code == 200
    groups = {g.key: (g.done, g.total) for g in by_kind.context["groups"]}
    assert groups == {UnitKind.PROVINCIAL_FEDERATION: (1, 3), UnitKind.SECTOR_UNION: (0, 1)}
    by_province = client.get(f"/theo-doi/nhiem-vu/{task.pk}/?ngay={DAY}&theo=tinh")
    assert {g.key: g.done for g in by_province.context["groups"]} == {"Hà Nội": 1, "Đà Nẵng": 0,
                                                                        "Quảng Nam": 0, "": 0}
    assert by_province.context["total"].done == 1 and by_province.context["total"].total == 4
    assert 'id="trend-chart"' in by_province.content.decode()


_GROUP_ROW = re.compile(r'<tr><td><a href="([^"]+)">([^<]+)</a></td>\s*<td class="num">(\d+)</td>(.*?)'
                        r'<td class="num done-total">(\d+)/\d+</td>', re.S)


def group_rows(response) -> dict[str, tuple]:
    """The group table as the page shows it: label → (units, done, overdue, link to the not-done list)."""
    assert response.status_code == 200
    body = response.content.decode()
    table = body[body.index('id="group-stats"'):body.index("</tbody>", body.index('id="group-stats"'))]
    overdue = queries.COLUMNS.index(rules.OVERDUE)
    return {html.unescape(label): (int(units), int(done), int(re.findall(r'<td class="num">(\d+)</td>', cells)[overdue]),
                                   html.unescape(link))
            for link, label, units, cells, done in _GROUP_ROW.findall(table)}


def test_task_grouped_by_parent_as_of_a_date_before_and_after_a_move(client, program, registry, monitor):
    """The task page grouped by parent unit (?theo=cap-tren): one row per parent, named as it was on the day,
    with the counts as of the day, each linking to its units not done; a registry change that moves a unit to
    another parent moves its figures too."""
    task = directives.task_create(document=program["document"], ref="3", title="Ban hành kế hoạch tại cơ sở",
                                  lead_units=[registry["tg"], registry["danang"], registry["hanoi_upper"],
                                              registry["hanoi_grass"]],
                                  deadline_kind=cal.DATE, deadline_date=dt.date(2021, 11, 30),
                                  fulfilment=Fulfilment.PLAN_ISSUED)
    plan_issued(task, registry["hanoi_grass"], monitor, dt.date(2021, 9, 1))
    login(client, monitor)
    url = f"/theo-doi/nhiem-vu/{task.pk}/"
    page = client.get(url, {"ngay": DAY, "theo": "cap-tren"})
    assert "Theo đơn vị cấp trên" in page.content.decode()
    centre, hanoi, upper = registry["centre"], registry["hanoi"], registry["hanoi_upper"]
    rows = group_rows(page)
    assert {label: row[:3] for label, row in rows.items()} == {
        "TLĐ": (2, 0, 0), "LĐLĐ Hà Nội": (1, 0, 0), "Công đoàn các Khu công nghiệp Hà Nội": (1, 1, 0)}
    assert unquote(rows["TLĐ"][3]) == f"/theo-doi/nhiem-vu/{task.pk}/chua-thuc-hien/?ngay={DAY}&cap-tren={centre.pk}"
    # Before the grassroots union sent its plan; after the deadline, the others are late.
    before = group_rows(client.get(url, {"ngay": "15/08/2021", "theo": "cap-tren"}))
    assert before["Công đoàn các Khu công nghiệp Hà Nội"][:2] == (1, 0)
    late = group_rows(client.get(url, {"ngay": "10/12/2021", "theo": "cap-tren"}))
    assert {label: row[:3] for label, row in late.items()} == {
        "TLĐ": (2, 0, 2), "LĐLĐ Hà Nội": (1, 0, 1), "Công đoàn các Khu công nghiệp Hà Nội": (1, 1, 0)}

    # The parent group's link: its units not done, and the page says which parent.
    listing = client.get(rows["TLĐ"][3])
    assert [a.unit.code for a in listing.context["page"]] == ["ldld-da-nang", "vgcl-tg"]
    assert '<strong id="parent-filter">TLĐ</strong>' in listing.content.decode()
    assert [a.unit.code for a in client.get(f"{url}chua-thuc-hien/", {"ngay": DAY, "cap-tren": hanoi.pk})
            .context["page"]] == ["hn-cd-kcn"]

    # A registry change: the grassroots union passes to a new upper-grassroots union, renamed later on.
    newcomer = factory.unit("hn-cdvc", "Công đoàn Viên chức thành phố Hà Nội", UnitKind.UPPER_GRASSROOTS, hanoi)
    changes.change_apply(rows=[changes.Row(line=2, action=changes.MOVE, code="hn-cdcs-1", parent="hn-cdvc")],
                         effective=dt.date(2021, 10, 1))
    changes.change_apply(rows=[changes.Row(line=2, action=changes.RENAME, code="hn-cdvc", short_name="CĐVC Hà Nội",
                                           name="Công đoàn Viên chức Thủ đô")], effective=dt.date(2021, 11, 1))
    rows = group_rows(client.get(url, {"ngay": DAY, "theo": "cap-tren"}))
    assert {label: row[:3] for label, row in rows.items()} == {
        "TLĐ": (2, 0, 0), "LĐLĐ Hà Nội": (1, 0, 0), "CĐVC Hà Nội": (1, 1, 0)}
    assert rows["CĐVC Hà Nội"][3].endswith(f"&cap-tren={newcomer.pk}")
    earlier = group_rows(client.get(url, {"ngay": "15/10/2021", "theo": "cap-tren"}))
    assert earlier["Công đoàn Viên chức thành phố Hà Nội"][:2] == (1, 1)  # the name it had on that day
    assert client.get(url, {"ngay": "15/08/2021", "theo": "cap-tren"}).context["total"].done == 0
    # The old parent's link now lists nobody; the figures as known on a day (the live rows) agree.
    assert client.get(f"{url}chua-thuc-hien/", {"ngay": DAY, "cap-tren": upper.pk}).context["page"].paginator.count == 0
    known = client.get(url, {"ngay": DAY, "theo": "cap-tren", "biet-den": "01/01/2030"})
    assert {label: row[:3] for label, row in group_rows(known).items()} == {
        label: row[:3] for label, row in rows.items()}
    # The province and kind groupings link to the parent grouping; the export has the groups of the page.
    body = client.get(url, {"ngay": DAY}).content.decode()
    assert 'id="by-parent"' in body and "theo=cap-tren" in body
    sheet = load_workbook(io.BytesIO(client.get(f"{url}excel/", {"ngay": DAY, "theo": "cap-tren"}).content)).active
    table = list(sheet.iter_rows(min_row=5, values_only=True))
    assert table[0][:2] == ("Đơn vị cấp trên", "Số đơn vị")
    assert {(r[0], r[1], r[-2]) for r in table[1:]} == {("TLĐ", 2, 0), ("LĐLĐ Hà Nội", 1, 0), ("CĐVC Hà Nội", 1, 1),
                                                         ("Tổng cộng", 4, 1)}


def test_not_done_list_shows_days_late_and_drills_down(client, program, registry, monitor):
    dated = program["dated"]
    response = login(client, monitor).get(f"/theo-doi/nhiem-vu/{dated.pk}/chua-thuc-hien/?ngay=10/12/2021")
    rows = list(response.context["page"])
    assert [(a.unit.code, a.days_late) for a in rows] == [("vgcl-tg", 10)]
    body = response.content.decode()
    assert f"/theo-doi/don-vi/{registry['tg'].pk}/" in body and f"/nhiem-vu/{rows[0].pk}/" in body


def test_group_filter_limits_the_list(client, done_hanoi, monitor):
    task = done_hanoi["plan"]
    login(client, monitor)
    sector = client.get(f"/theo-doi/nhiem-vu/{task.pk}/chua-thuc-hien/?ngay={DAY}&loai=sector_union")
    assert [a.unit.code for a in sector.context["page"]] == ["cd-giao-duc"]
    province = client.get(f"/theo-doi/nhiem-vu/{task.pk}/chua-thuc-hien/", {"ngay": DAY, "tinh": "Đà Nẵng"})
    assert [a.unit.code for a in province.context["page"]] == ["ldld-da-nang"]


def test_unit_scorecard_on_time_rate_and_late(client, program, registry, officer, monitor):
    dated = program["dated"]
    sent = submissions.submission_create(assignment=dated.assignments.get(), kind=SubmissionKind.PROGRESS_PLAN,
                                         by=monitor, leader="A", staff="B", text="x",
                                         now=dt.datetime(2021, 12, 3, 9, tzinfo=dt.UTC))
    assert queries.unit_scorecard(registry["tg"], dt.date(2021, 12, 10)).counts[rules.SUBMITTED] == 1
    submissions.submission_accept(submission=sent, by=monitor, now=dt.datetime(2021, 12, 6, 9, tzinfo=dt.UTC))
    card = queries.unit_scorecard(registry["tg"], dt.date(2021, 12, 10))
    assert card.counts[rules.DONE_LATE] == 1 and card.on_time_rate == 0.0
    assert [a.days_late for a in card.late] == [3]
    response = login(client, monitor).get(f"/theo-doi/don-vi/{registry['tg'].pk}/?ngay=10/12/2021")
    assert response.status_code == 200 and 'id="on-time-rate">0%' in response.content.decode()


def test_officer_sees_only_own_scorecard_and_no_dashboards(client, program, registry, officer, outsider):
    """Hà Nội has units below it: its officer follows its own programs only (the cascade), never the centre's;
    Đà Nẵng has none here: no dashboards at all."""
    login(client, officer)
    assert client.get(f"/theo-doi/don-vi/{registry['hanoi'].pk}/?ngay={DAY}").status_code == 200
    index = client.get("/theo-doi/")
    assert index.status_code == 200 and f"/theo-doi/chuong-trinh/{program['document'].pk}/" not in index.content.decode()
    for url in (f"/theo-doi/don-vi/{registry['danang'].pk}/", f"/theo-doi/chuong-trinh/{program['document'].pk}/",
                f"/theo-doi/nhiem-vu/{program['plan'].pk}/", f"/theo-doi/nhiem-vu/{program['plan'].pk}/chua-thuc-hien/",
                f"/theo-doi/chuong-trinh/{program['document'].pk}/excel/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "không có quyền" in response.content.decode()
    login(client, outsider)
    response = client.get("/theo-doi/")
    assert response.status_code == 404 and "không có quyền" in response.content.decode()


def test_leader_reads_every_dashboard(client, program, registry, leader):
    login(client, leader)
    for url in (f"/theo-doi/chuong-trinh/{program['document'].pk}/", f"/theo-doi/nhiem-vu/{program['plan'].pk}/",
                f"/theo-doi/nhiem-vu/{program['plan'].pk}/chua-thuc-hien/", f"/theo-doi/don-vi/{registry['danang'].pk}/"):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("query, message", [
    ("ngay=31/02/2021", "Ngày không hợp lệ"),
    ("ngay=" + "9" * 5000, "Ngày không hợp lệ"),
    ("ngay=09/11/2021&theo=x", "Cách nhóm không hợp lệ"),
    ("ngay=09/11/2021&theo=cap", "«cap-tren» (đơn vị cấp trên)"),
])
def test_bad_input_gets_vietnamese_400(client, program, monitor, query, message):
    response = login(client, monitor).get(f"/theo-doi/nhiem-vu/{program['plan'].pk}/?{query}")
    assert response.status_code == 400 and message in response.content.decode()


def test_bad_list_filters_get_400(client, program, monitor):
    login(client, monitor)
    url = f"/theo-doi/nhiem-vu/{program['plan'].pk}/chua-thuc-hien/"
    assert client.get(url, {"trang-thai": "done_on_time"}).status_code == 400
    assert "Loại đơn vị không hợp lệ" in client.get(url, {"loai": "' OR 1=1 --"}).content.decode()
    for parent in ("' OR 1=1 --", "-1", "1.5", "٣", "9" * 40, "987654"):  # not a unit's id, or no such unit
        response = client.get(url, {"cap-tren": parent})
        assert response.status_code == 400 and "Đơn vị cấp trên không hợp lệ" in response.content.decode(), parent


def test_unknown_program_gets_vietnamese_404(client, program, monitor):
    login(client, monitor)
    response = client.get("/theo-doi/", {"so": "999/XYZ"})
    assert response.status_code == 404 and "Không tìm thấy chương trình" in response.content.decode()
    assert client.get("/theo-doi/chuong-trinh/987654/").status_code == 404


def test_excel_exports_have_the_columns_and_rows_shown(client, done_hanoi, monitor):
    login(client, monitor)
    doc = done_hanoi["document"]
    book = load_workbook(io.BytesIO(client.get(f"/theo-doi/chuong-trinh/{doc.pk}/excel/?ngay={DAY}").content))
    rows = list(book.active.iter_rows(values_only=True))
    # A title block names the program, the date of the figures, who exported them and when; then the table.
    assert rows[0][0].startswith("Tình hình thực hiện chương trình số 02/CTr-BCH ngày 20/07/2021")
    assert rows[1][0] == "Số liệu tính đến ngày 09/11/2021"
    assert rows[2][0].startswith("Người xuất: monitor · lúc ") and rows[3] == (None,) * len(rows[3])
    head = 4
    assert rows[head][:4] == ("Mục", "Nhiệm vụ", "Thời hạn", "Số đơn vị") and "Hoàn thành đúng hạn" in rows[head]
    assert [(r[0], r[-2], r[3]) for r in rows[head + 1:]] == [("1", 1, 4), ("2", 0, 1)]
    dated = book.active.cell(row=head + 3, column=3)
    assert dated.value == dt.datetime(2021, 11, 30) and dated.number_format == "DD/MM/YYYY"
    share = book.active.cell(row=head + 2, column=len(rows[head]))
    assert share.value == 0.25 and share.number_format == "0.0%"  # shown as 25.0%
    listing = client.get(f"/theo-doi/nhiem-vu/{done_hanoi['plan'].pk}/chua-thuc-hien/excel/?ngay={DAY}")
    assert "Đơn vị chưa thực hiện 02-CTr-BCH 1 đến 09-11-2021.xlsx" in unquote(listing["Content-Disposition"])
    sheet = load_workbook(io.BytesIO(listing.content)).active
    names = [r[0] for r in sheet.iter_rows(min_row=head + 2, values_only=True)]
    page = client.get(f"/theo-doi/nhiem-vu/{done_hanoi['plan'].pk}/chua-thuc-hien/?ngay={DAY}")
    assert names == [a.unit.name for a in page.context["page"]] and len(names) == 3


def test_print_view_has_no_navigation(client, program, monitor):
    response = login(client, monitor).get(f"/theo-doi/chuong-trinh/{program['document'].pk}/?ngay={DAY}&in=1")
    body = response.content.decode()
    assert response.status_code == 200 and "topbar" not in body and "data-print" in body
    assert "<script>" not in body  # scripts only from static files (CSP)


def test_trend_is_cumulative(program, registry, monitor):
    plan = program["plan"]
    plan_issued(plan, registry["hanoi"], monitor, dt.date(2021, 8, 1))
    plan_issued(plan, registry["danang"], monitor, dt.date(2021, 9, 1))
    trend = queries.completion_trend(plan, dt.date(2021, 11, 9))
    assert trend.points == [(dt.date(2021, 8, 1), 1), (dt.date(2021, 9, 1), 2)] and trend.total == 4


def _grow(registry, program, monitor, n: int) -> None:
    """More units, more assignments and more submissions: the pages must not issue more queries."""
    for i in range(n):
        factory.unit(f"more-{i}", f"Liên đoàn Lao động tỉnh Thêm {i}", UnitKind.PROVINCIAL_FEDERATION,
                     registry["centre"], province=f"Tỉnh {i}")
    doc = program["document"]
    directives.task_create(document=doc, ref=f"g{n}", title="Nhiệm vụ thêm", lead_group=GroupRule.DIRECT_UNITS,
                           deadline_kind=cal.DATE, deadline_date=dt.date(2021, 10, 1),
                           fulfilment=Fulfilment.COMPLETION_REPORT)
    directives.assignments_create(task=program["plan"])  # the new units take the group duty too
    for a in program["plan"].assignments.all()[: n // 2]:
        plan_issued(program["plan"], a.unit, monitor, dt.date(2021, 9, 1))


def _count(client, urls) -> list[int]:
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, url
        counts.append(len(ctx.captured_queries))
    return counts


def test_query_counts_do_not_grow_with_rows(client, program, registry, monitor):
    login(client, monitor)
    doc, plan = program["document"], program["plan"]
    urls = [f"/theo-doi/chuong-trinh/{doc.pk}/?ngay={DAY}", f"/theo-doi/nhiem-vu/{plan.pk}/?ngay={DAY}",
            f"/theo-doi/nhiem-vu/{plan.pk}/?ngay={DAY}&theo=tinh", f"/theo-doi/nhiem-vu/{plan.pk}/?ngay={DAY}&theo=cap-tren",
            f"/theo-doi/nhiem-vu/{plan.pk}/chua-thuc-hien/?ngay={DAY}&cap-tren={registry['centre'].pk}",
            f"/theo-doi/nhiem-vu/{plan.pk}/chua-thuc-hien/?ngay={DAY}", f"/theo-doi/don-vi/{registry['tg'].pk}/",
            "/theo-doi/tim-kiem/?q=lien+doan", "/theo-doi/"]
    small = _count(client, urls)
    _grow(registry, program, monitor, 12)
    assert _count(client, urls) == small


def test_program_page_keeps_its_stats_table_and_links_to_the_dashboard(client, done_hanoi, monitor):
    doc = done_hanoi["document"]
    body = login(client, monitor).get(f"/van-ban/{doc.pk}/?ngay={DAY}").content.decode()
    assert 'id="program-stats"' in body and '<td class="num done-total"><strong>1/4</strong></td>' in body
    assert f"/theo-doi/chuong-trinh/{doc.pk}/?ngay={DAY}" in body


def test_set_based_counts_equal_the_row_rule(program, registry):
    """Grouped counts (SQL) and rules.status_on (Python) agree on every status for many dates."""
    import random

    rng = random.Random(7)
    task = program["plan"]
    for extra in range(30):
        factory.unit(f"x-{extra}", f"Đơn vị {extra}", UnitKind.SECTOR_UNION, registry["centre"])
    directives.assignments_create(task=task)
    base = dt.date(2021, 8, 1)
    for a in task.assignments.all():
        a.due_on = rng.choice([None, base + dt.timedelta(days=rng.randint(0, 120))])
        a.done_on = rng.choice([None, base + dt.timedelta(days=rng.randint(0, 150))])
        a.started_on = rng.choice([None, a.done_on, base + dt.timedelta(days=rng.randint(0, 100))])
        a.save()
    for offset in range(0, 160, 9):
        day = base + dt.timedelta(days=offset)
        expected = dict.fromkeys(rules.STATUSES, 0)
        for a in queries.task_assignments(task, day):
            expected[a.status_on(day)] += 1
        total = queries.sum_groups(queries.task_group_stats(task, day, "loai"))
        stats = next(s for s in queries.program_stats(program["document"], day) if s.task == task)
        assert total.counts == expected == stats.counts, day
