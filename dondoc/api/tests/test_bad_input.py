"""Malformed API input seen in the black-box probe: far dates, absurd ids, deep JSON. Always a 4xx in the
API's error shape, never a 500, nothing written."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("day", ["9999-12-31", "31-12-9999", "0001-01-01"])
@pytest.mark.parametrize("name", ["ngay", "as_of"])
def test_api_stats_refuse_far_dates_in_the_error_shape(api, monitor, program, day, name):
    response = api(monitor).get(f"/api/programs/{program['document'].pk}/stats/", {name: day})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and name in body["errors"]
    assert "31/12/2100" in str(body["errors"][name])


def test_api_stats_accept_the_last_supported_day(api, monitor, program):
    response = api(monitor).get(f"/api/programs/{program['document'].pk}/stats/", {"ngay": "2100-12-31"})
    assert response.status_code == 200 and response.json()["as_of"] == "2100-12-31"


def deep(levels: int) -> str:
    return '{"title": ' + "[" * levels + "]" * levels + "}"


def _targets(program, registry, monitor):
    from dondoc.directives.models import Assignment
    from dondoc.submissions.services import submission_create

    assignment = Assignment.objects.get(task=program["plan"], unit=registry["hanoi"])
    submission = submission_create(assignment=assignment, kind="completion_report", by=monitor, text="Xong")
    return [("post", "/api/documents/"), ("patch", f"/api/documents/{program['document'].pk}/"),
            ("patch", f"/api/tasks/{program['plan'].pk}/"), ("post", f"/api/submissions/{submission.pk}/review/"),
            ("post", f"/api/assignments/{assignment.pk}/submissions/")]


@pytest.mark.parametrize("levels", [1000, 100_000])
def test_deeply_nested_json_is_refused_in_the_error_shape(api, monitor, program, registry, levels):
    from auditlog.models import LogEntry

    client = api(monitor)
    targets = _targets(program, registry, monitor)
    before = LogEntry.objects.count()
    for method, path in targets:
        body = deep(levels)
        response = getattr(client, method)(path, body, content_type="application/json")
        assert response.status_code == 400, (path, response.status_code)
        error = response.json()
        assert error["code"] == "malformed_request" and "lồng" in error["message"], path
    assert LogEntry.objects.count() == before


def test_reasonably_nested_json_still_reads(api, monitor, program):
    response = api(monitor).patch(f"/api/tasks/{program['plan'].pk}/",
                                  '{"version": 1, "lead_units": [], "title": "Ban hành kế hoạch"}',
                                  content_type="application/json")
    assert response.status_code == 200


def test_an_overly_large_json_body_is_refused_before_it_is_read(api, monitor):
    body = '{"number": "1/KH", "date": "2021-11-01", "title": "' + "x" * (2 * 1024 * 1024) + '"}'
    response = api(monitor).post("/api/documents/", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
