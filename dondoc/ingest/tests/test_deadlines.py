import calendar
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dondoc.ingest.deadlines import parse_deadline


@pytest.mark.parametrize(
    "text,kind,iso",
    [
        ("hoàn thành trước ngày 30/11/2021.", "date", "2021-11-30"),
        ("chậm nhất ngày 5/1/2022", "date", "2022-01-05"),
        ("xong trước 30/11/2021", "date", "2021-11-30"),
        ("trước ngày 31 tháng 12 năm 2014", "date", "2014-12-31"),
        ("trong tháng 12/2021", "month", "2021-12-31"),
        ("trong tháng 2 năm 2024", "month", "2024-02-29"),
        ("trong quý I/2022", "quarter", "2022-03-31"),
        ("trong Quý 4 năm 2017", "quarter", "2017-12-31"),
        ("quý III, IV/2026", "quarter", "2026-12-31"),
        ("6 tháng đầu năm 2022", "half", "2022-06-30"),
        ("6 tháng cuối năm 2022", "half", "2022-12-31"),
        ("giữa năm 2025", "half", "2025-06-30"),
        ("trong năm 2022", "year", "2022-12-31"),
        ("cuối năm 2023", "year", "2023-12-31"),
        ("đầu tháng 3/2024", "date", "2024-03-01"),
        ("giữa tháng 3/2024", "date", "2024-03-15"),
        ("cuối tháng 2/2023", "month", "2023-02-28"),
        ("trong năm 2017 và những năm tiếp theo", "year", "2017-12-31"),
        ("từ năm 2013 đến năm 2020", "year", "2020-12-31"),
        ("Từ tháng 11/2013 trở đi", "month", "2013-11-30"),
    ],
)
def test_table(text, kind, iso):
    d = parse_deadline(text)
    assert (d["type"], d["date"]) == (kind, iso)
    assert d["text"]


@pytest.mark.parametrize(
    "text,kind,iso",
    [("2024 - 2025", "year", "2025-12-31"), ("Quý IV/2026, 2027", "year", "2027-12-31"),
     ("Tháng 8/2024", "month", "2024-08-31"), ("Tháng 11, 12/2013 và hằng năm", "month", "2013-12-31")],
)
def test_table_cells(text, kind, iso):
    d = parse_deadline(text, standalone=True)
    assert (d["type"], d["date"]) == (kind, iso)


@pytest.mark.parametrize(
    "text,kind",
    [("báo cáo 6 tháng/lần", "recurring"), ("Định kỳ hằng năm gửi báo cáo", "recurring"),
     ("định kỳ hằng quý", "recurring"), ("gửi trước ngày 25 hàng tháng", "recurring"),
     ("thường xuyên theo dõi", "ongoing"), ("hằng ngày cập nhật", "ongoing"), ("xây dựng quy chế", "none")],
)
def test_undated(text, kind):
    d = parse_deadline(text)
    assert d["type"] == kind and d["date"] is None


def test_not_deadlines():
    assert parse_deadline("bố trí vốn từ ngân sách năm 2009")["type"] == "none"
    assert parse_deadline("theo Công văn số 12/UBND-VX ngày 3/4/2020 của tỉnh")["type"] == "none"
    assert parse_deadline("lập Kế hoạch sử dụng đất năm 2018")["type"] == "none"


def _forms(d: date):
    yield f"trước ngày {d.day}/{d.month}/{d.year}"
    yield f"trước ngày {d.day:02d}/{d.month:02d}/{d.year}"
    yield f"trước ngày {d.day}-{d.month}-{d.year}"
    yield f"trước ngày {d.day}.{d.month}.{d.year}"
    yield f"trước ngày {d.day} tháng {d.month} năm {d.year}"
    yield f"chậm nhất ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)), st.sampled_from(range(6)))
def test_any_written_date(d, form):
    text = list(_forms(d))[form]
    got = parse_deadline("Giao Sở Nội vụ thực hiện " + text + " để tổng hợp.")
    assert got["type"] == "date" and got["date"] == d.isoformat()


@given(st.integers(1990, 2099), st.integers(1, 12))
def test_month_end(y, m):
    got = parse_deadline(f"hoàn thành trong tháng {m}/{y}")
    assert got == {"type": "month", "date": date(y, m, calendar.monthrange(y, m)[1]).isoformat(),
                   "text": f"hoàn thành trong tháng {m}/{y}"}


@given(st.integers(1990, 2099), st.integers(1, 4), st.booleans())
def test_quarter_end(y, q, roman):
    label = ["I", "II", "III", "IV"][q - 1] if roman else str(q)
    got = parse_deadline(f"trong quý {label}/{y}")
    assert got["type"] == "quarter"
    assert got["date"] == date(y, q * 3, calendar.monthrange(y, q * 3)[1]).isoformat()


@given(st.integers(1990, 2099), st.booleans())
def test_half_and_year(y, first):
    half = parse_deadline(f"6 tháng {'đầu' if first else 'cuối'} năm {y}")
    assert half["type"] == "half" and half["date"] == (f"{y}-06-30" if first else f"{y}-12-31")
    assert parse_deadline(f"trong năm {y}")["date"] == f"{y}-12-31"


@settings(max_examples=300)
@given(st.text(max_size=300))
def test_never_raises(text):
    got = parse_deadline(text)
    assert got["type"] in {"date", "month", "quarter", "half", "year", "recurring", "ongoing", "none"}


@pytest.mark.parametrize(
    "text,kind,iso",
    [("trước ngày 15/7 để tổng hợp", "date", "2025-07-15"), ("hoàn thành trong tháng 12", "month", "2025-12-31"),
     ("trong quý III", "quarter", "2025-09-30"), ("xong trước ngày 20 tháng 8", "date", "2025-08-20"),
     ("báo cáo 6 tháng đầu năm", "half", "2025-06-30"), ("trước cuối năm", "year", "2025-12-31")],
)
def test_missing_year_taken_from_document(text, kind, iso):
    d = parse_deadline(text, default_year=2025)
    assert (d["type"], d["date"]) == (kind, iso)
    assert parse_deadline(text)["date"] is None


@settings(max_examples=200)
@given(st.text(max_size=200), st.integers(1990, 2100))
def test_never_raises_with_year(text, year):
    assert parse_deadline(text, default_year=year)["type"]


@pytest.mark.parametrize(("text", "cycle"), [
    ("báo cáo 6 tháng/lần", {"months": 6, "day": None, "month": None}),
    ("gửi báo cáo trước ngày 25 hằng tháng", {"months": 1, "day": 25, "month": None}),
    ("định kỳ hằng quý, trước ngày 20 của tháng cuối quý", {"months": 3, "day": 20, "month": None}),
    ("báo cáo trước ngày 15/12 hằng năm", {"months": 12, "day": 15, "month": 12}),
    ("báo cáo định kỳ 6 tháng, hằng năm", {"months": 6, "day": None, "month": None}),
    ("thực hiện chế độ báo cáo định kỳ và đột xuất", {"months": None, "day": None, "month": None}),
])
def test_cycle_of_a_recurring_duty(text, cycle):
    d = parse_deadline(text, default_year=2026)
    assert d["type"] == "recurring" and d["date"] is None
    assert d["cycle"] == cycle


@pytest.mark.parametrize("text", [
    "cụ thể hóa Chương trình thành các Kế hoạch 5 năm và hằng năm",
    "đưa vào chương trình công tác nhiệm kỳ, hàng năm để triển khai",
    "phân bổ nguồn lực hằng năm cho sự nghiệp bảo vệ môi trường",
])
def test_plans_and_budgets_named_yearly_are_not_cycles(text):
    assert parse_deadline(text)["type"] == "none"


@pytest.mark.parametrize(("text", "kind", "iso", "start"), [
    ("Từ tháng 11/2013 trở đi", "month", "2013-11-30", "2013-11-01"),
    ("Từ ngày 15/3/2026 đến ngày bầu cử", "date", "2026-03-15", "2026-03-15"),
    ("kể từ quý III/2026", "quarter", "2026-09-30", "2026-07-01"),
])
def test_a_period_given_by_its_start(text, kind, iso, start):
    d = parse_deadline(text)
    assert (d["type"], d["date"], d["start"]) == (kind, iso, start)


def test_a_range_is_not_a_start_only_period():
    d = parse_deadline("Từ ngày 05/12/2025 đến ngày 20/02/2026")
    assert (d["type"], d["date"]) == ("date", "2026-02-20") and "start" not in d


def test_the_named_day_wins_over_the_period_reported_on():
    d = parse_deadline("Tổng hợp kết quả 6 tháng đầu năm, gửi Ban Tổ chức trước ngày 15/6/2026.")
    assert (d["type"], d["date"]) == ("date", "2026-06-15")


def test_a_range_with_more_after_it_is_not_a_start_only_period():
    d = parse_deadline("Thời gian thực hiện: Từ năm 2013 đến năm 2020 và tiếp theo.")
    assert (d["type"], d["date"]) == ("year", "2020-12-31") and "start" not in d
