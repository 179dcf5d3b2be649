import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from dondoc.directives.models import Assignment
from dondoc.submissions.models import Attachment, Submission

from .conftest import make_docx, make_pdf

pytestmark = pytest.mark.django_db


def a_of(program, unit):
    return Assignment.objects.get(task=program["plan"], unit=unit)


def test_token_authenticates_and_revoked_token_is_refused(client, api, officer, registry):
    client.force_login(officer)
    response = client.post("/tai-khoan/", {"name": "Hệ thống e-office"})
    key = response.context["new_key"]
    assert key and "e-office" in response.content.decode()
    me = api().get("/api/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert me.status_code == 200 and me.json()["username"] == "officer_a"
    token = officer.api_tokens.get()
    client.post(f"/tai-khoan/khoa-api/{token.pk}/thu-hoi/")
    refused = api().get("/api/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert refused.status_code == 401
    assert refused.json()["code"] == "authentication_failed"
    assert "thu hồi" in refused.json()["message"]


def test_only_a_digest_of_the_key_is_stored(api, officer):
    from dondoc.accounts.services import api_token_create

    token, key = api_token_create(user=officer, name="x")
    assert key not in (token.digest, token.prefix) and len(token.digest) == 64


def test_anonymous_gets_401_in_the_error_shape(api, registry):
    response = api().get("/api/units/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Token")


def test_officer_sees_only_own_units_assignments_with_status_as_of_a_date(api, program, officer, registry):
    client = api(officer)
    for query in ("ngay=09-11-2021", "as_of=2021-11-09", "ngay=09/11/2021"):
        body = client.get(f"/api/assignments/?{query}").json()
        assert {row["unit"]["code"] for row in body["results"]} == {"ldld-ha-noi"}
        assert body["results"][0]["as_of"] == "2021-11-09"
        assert body["results"][0]["status"] == "no_deadline"


def test_monitor_filters_assignments_by_unit_status_and_date(api, program, monitor, registry):
    client = api(monitor)
    everyone = client.get("/api/assignments/?ngay=2021-12-15").json()
    assert everyone["count"] == 5
    overdue = client.get("/api/assignments/?ngay=2021-12-15&status=overdue").json()
    assert [row["unit"]["code"] for row in overdue["results"]] == ["vgcl-tg"]
    assert overdue["results"][0]["status_label"] == "Quá hạn chưa hoàn thành"
    by_unit = client.get(f"/api/assignments/?unit={registry['danang'].pk}").json()
    assert [row["unit"]["code"] for row in by_unit["results"]] == ["ldld-da-nang"]
    due = client.get("/api/assignments/?due_from=2021-11-01&due_to=2021-12-31").json()
    assert due["count"] == 1


def test_bad_filters_are_400_with_a_vietnamese_message(api, program, monitor):
    client = api(monitor)
    for query in ("ngay=31-02-2021", "status=nope", "unit=abc", "page=999"):
        response = client.get(f"/api/assignments/?{query}")
        assert response.status_code in (400, 404), query
        assert set(response.json()) >= {"code", "message"}
    assert "dd/mm/yyyy" in str(client.get("/api/assignments/?ngay=hôm qua").json()["errors"])


def test_officer_submits_with_a_file_through_the_service(api, program, officer, registry):
    assignment = a_of(program, registry["hanoi"])
    with time_machine.travel(dt.datetime(2021, 11, 20, 9, 0)):
        response = api(officer).post(f"/api/assignments/{assignment.pk}/submissions/", {
            "kind": "plan_issued", "doc_number": "123/KH-LĐLĐ", "doc_date": "2021-11-01",
            "files": [SimpleUploadedFile("ke-hoach.docx", make_docx()), SimpleUploadedFile("bb.pdf", make_pdf())],
        }, format="multipart")
    assert response.status_code == 201, response.json()
    assert sorted(a["original_name"] for a in response.json()["attachments"]) == ["bb.pdf", "ke-hoach.docx"]
    assignment.refresh_from_db()
    assert (assignment.submitted_on, assignment.done_on) == (dt.date(2021, 11, 1), None)  # awaiting review
    listed = api(officer).get(f"/api/submissions/?assignment={assignment.pk}").json()
    assert listed["count"] == 1


def test_submission_with_a_disguised_file_is_refused_and_nothing_is_written(api, program, officer, registry):
    assignment = a_of(program, registry["hanoi"])
    response = api(officer).post(f"/api/assignments/{assignment.pk}/submissions/", {
        "kind": "completion_report", "text": "Xong", "files": [SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf")],
    }, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == "rejected" and "PDF" in response.json()["message"]
    assert not Submission.objects.exists() and not Attachment.objects.exists()


def test_too_many_files_and_too_large_body(api, program, officer, registry, settings):
    assignment = a_of(program, registry["hanoi"])
    url = f"/api/assignments/{assignment.pk}/submissions/"
    files = [SimpleUploadedFile(f"{i}.pdf", make_pdf()) for i in range(11)]
    many = api(officer).post(url, {"kind": "completion_report", "files": files}, format="multipart")
    assert many.status_code == 400 and "tối đa 10" in many.json()["message"]
    settings.MAX_UPLOAD_BYTES = 1000
    big = api(officer).post(url, {"kind": "completion_report", "files": [
        SimpleUploadedFile("big.pdf", make_pdf() + b"0" * 11 * 1024 * 1024)]}, format="multipart")
    assert big.status_code == 413 and big.json()["code"] == "payload_too_large"


def test_outsider_cannot_submit_for_unit_a_and_leader_cannot_submit(api, program, outsider, leader, registry):
    assignment = a_of(program, registry["hanoi"])
    url = f"/api/assignments/{assignment.pk}/submissions/"
    assert api(outsider).post(url, {"kind": "completion_report", "text": "x"}).status_code == 404
    refused = api(leader).post(url, {"kind": "completion_report", "text": "x"})
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    assert not Submission.objects.exists()


def test_program_statistics_use_the_shared_query(api, program, monitor, officer, registry):
    doc = program["document"]
    body = api(monitor).get(f"/api/programs/{doc.pk}/stats/?ngay=09/11/2021").json()
    assert body["as_of"] == "2021-11-09"
    plan = next(row for row in body["tasks"] if row["task"]["ref"] == "1")
    assert plan["total"] == 4 and plan["done"] == 0 and plan["counts"]["no_deadline"] == 4
    assert api(officer).get(f"/api/programs/{doc.pk}/stats/").status_code == 403


def test_units_carry_their_history(api, registry, monitor):
    from dondoc.units.models import Succession

    Succession.objects.create(predecessor=registry["quangnam"], successor=registry["danang"], on=dt.date(2025, 7, 1))
    body = api(monitor).get(f"/api/units/{registry['danang'].pk}/").json()
    assert body["predecessors"][0]["predecessor"]["code"] == "ldld-quang-nam"
    listed = api(monitor).get("/api/units/?q=da nang").json()
    assert [u["code"] for u in listed["results"]] == ["ldld-da-nang"]


def test_monitor_creates_a_document_and_a_duplicate_is_refused(api, monitor, outsider, registry):
    data = {"number": "462/TB-TLĐ", "date": "2021-11-16", "title": "Thông báo kết luận", "kind": "TB"}
    created = api(monitor).post("/api/documents/", data, format="json")
    assert created.status_code == 201 and created.json()["number"] == "462/TB-TLĐ"
    again = api(monitor).post("/api/documents/", data, format="json")
    assert again.status_code == 400 and again.json()["code"] == "rejected"
    # An officer of a unit with no units below it enters no documents (one with units below it enters its own).
    assert api(outsider).post("/api/documents/", data | {"number": "463/TB-TLĐ"}, format="json").status_code == 403


def test_error_shapes_for_405_415_404_and_malformed_json(api, monitor, registry):
    client = api(monitor)
    assert client.delete("/api/units/").json()["code"] == "method_not_allowed"
    unsupported = client.post("/api/documents/", "x", content_type="text/plain")
    assert unsupported.status_code == 415 and unsupported.json()["code"] == "unsupported_media_type"
    malformed = client.post("/api/documents/", "{nope", content_type="application/json")
    assert malformed.status_code == 400 and malformed.json()["code"] == "malformed_request"
    for url in ("/api/khong-co/", "/api/units/abc/", "/api/units/999999/"):
        response = client.get(url)
        assert response.status_code == 404 and response.json()["code"] == "not_found", url


def test_throttling_answers_429_in_the_error_shape(api, monitor, settings):
    from django.core.cache import cache

    cache.clear()
    settings.API_THROTTLE_USER = "3/min"
    client = api(monitor)
    codes = [client.get("/api/me/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.get("/api/me/")
    assert response.json()["code"] == "throttled" and "Retry-After" in response
    cache.clear()


def test_attachment_download_checks_permissions(api, program, officer, outsider, registry):
    assignment = a_of(program, registry["hanoi"])
    api(officer).post(f"/api/assignments/{assignment.pk}/submissions/", {
        "kind": "completion_report", "files": [SimpleUploadedFile("bc.pdf", make_pdf())]}, format="multipart")
    attachment = Attachment.objects.get()
    assert b"".join(api(officer).get(f"/api/attachments/{attachment.pk}/").streaming_content) == make_pdf()
    assert api(outsider).get(f"/api/attachments/{attachment.pk}/").status_code == 404


def test_openapi_document_and_docs_work_without_a_cdn(client, registry):
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 200 and schema.json()["openapi"].startswith("3.")
    docs = client.get("/api/docs/").content.decode()
    assert "http://" not in docs.replace("http://testserver", "") and "https://" not in docs
    assert "<script>" not in docs  # the initializer is a separate file, allowed by the CSP
