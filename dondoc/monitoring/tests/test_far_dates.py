"""Dates at the ends of the calendar: every page, export and API operation answers a Vietnamese 400, never 500."""

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db

FAR = ["25/12/9999", "31/12/9999", "9999-12-31", "01/01/0001", "0001-01-01", "31/12/2101", "31/12/1989"]


@pytest.mark.parametrize("day", FAR)
def test_far_as_of_dates_are_refused_by_every_dashboard_and_export(client, monitor, program, day):
    client.force_login(monitor)
    document, task = program["document"], program["plan"]
    for path in (f"/theo-doi/chuong-trinh/{document.pk}/", f"/theo-doi/chuong-trinh/{document.pk}/excel/",
                 f"/theo-doi/nhiem-vu/{task.pk}/", f"/theo-doi/nhiem-vu/{task.pk}/excel/",
                 f"/theo-doi/nhiem-vu/{task.pk}/chua-thuc-hien/",
                 f"/theo-doi/nhiem-vu/{task.pk}/chua-thuc-hien/excel/",
                 f"/theo-doi/don-vi/{program['dated'].lead_units.get().pk}/",
                 f"/van-ban/{document.pk}/", f"/van-ban/nhiem-vu/{task.pk}/"):
        response = client.get(path, {"ngay": day})
        assert response.status_code == 400, path
        assert "01/01/1990" in response.content.decode() and "31/12/2100" in response.content.decode(), path


def test_the_edges_of_the_supported_range_are_accepted(client, monitor, program):
    client.force_login(monitor)
    for day in ("01/01/1990", "31/12/2100"):
        assert client.get(f"/theo-doi/chuong-trinh/{program['document'].pk}/", {"ngay": day}).status_code == 200
        assert client.get(f"/theo-doi/chuong-trinh/{program['document'].pk}/excel/", {"ngay": day}).status_code == 200


def test_a_stored_deadline_at_the_end_of_the_calendar_still_shows(client, monitor, program):
    """A deadline written before the range existed (9999-12-31) must not break the pages that add days to it."""
    from dondoc.directives.models import Assignment

    Assignment.objects.filter(task=program["dated"]).update(due_on=dt.date.max, period_end=dt.date.max)
    client.force_login(monitor)
    for path in (f"/theo-doi/chuong-trinh/{program['document'].pk}/", f"/theo-doi/nhiem-vu/{program['dated'].pk}/",
                 f"/theo-doi/nhiem-vu/{program['dated'].pk}/chua-thuc-hien/excel/",
                 f"/van-ban/nhiem-vu/{program['dated'].pk}/"):
        assert client.get(path, {"ngay": "31/12/2100"}).status_code == 200, path


@pytest.mark.parametrize("command", [["stats", "02/CTr-BCH"], ["report", "02/CTr-BCH", "--out", "x.docx"],
                                     ["urge", "02/CTr-BCH", "--out", "x.docx"]])
def test_commands_refuse_far_dates_with_the_range(program, tmp_path, command):
    from django.core.management import CommandError, call_command

    args = [a if a != "x.docx" else str(tmp_path / a) for a in command]
    with pytest.raises(CommandError, match="31/12/2100"):
        call_command(*args, "--as-of", "31/12/9999")
    with pytest.raises(CommandError, match="31/12/2100"):
        call_command("remind", "--dry-run", "--on", "01/01/2101")
