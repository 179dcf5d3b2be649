import datetime as dt

import pytest
from auditlog.models import LogEntry

from dondoc.directives import editing

pytestmark = pytest.mark.django_db


def test_second_of_two_edits_from_the_same_version_is_refused(api, program, monitor):
    doc = program["document"]
    first, second = api(monitor), api(monitor)
    seen = first.get(f"/api/documents/{doc.pk}/").json()["version"]
    ok = first.patch(f"/api/documents/{doc.pk}/", {"version": seen, "title": "Trích yếu của người thứ nhất"},
                     format="json")
    assert ok.status_code == 200 and ok.json()["version"] == seen + 1
    late = second.patch(f"/api/documents/{doc.pk}/", {"version": seen, "title": "Trích yếu của người thứ hai"},
                        format="json")
    assert late.status_code == 409 and late.json()["code"] == "conflict"
    assert "vừa được người khác sửa" in late.json()["message"]
    doc.refresh_from_db()
    assert doc.title == "Trích yếu của người thứ nhất"


def test_task_edit_checks_the_version_and_the_role(api, program, monitor, officer, registry):
    task = program["plan"]
    refused = api(officer).patch(f"/api/tasks/{task.pk}/", {"version": 1, "withdrawn": True}, format="json")
    assert refused.status_code in (403, 404)
    done = api(monitor).patch(f"/api/tasks/{task.pk}/", {"version": 1, "withdrawn": True}, format="json")
    assert done.status_code == 200 and done.json()["withdrawn"] is True
    assert api(monitor).patch(f"/api/tasks/{task.pk}/", {"version": 1, "title": "x"},
                              format="json").status_code == 409


def test_editing_service_keeps_search_and_number_key_in_step(program):
    doc = editing.document_update(document=program["document"], version=1, number="03/CTr-BCH",
                                  title="Chương trình mới")
    assert doc.number_key and "chuong trinh moi" in doc.search_text and doc.version == 2
    with pytest.raises(editing.ConcurrentEdit):
        editing.document_update(document=doc, version=1, title="cũ")


def test_the_api_moves_a_deadline_the_same_way(api, monitor, program):
    task = program["dated"]
    response = api(monitor).patch(f"/api/tasks/{task.pk}/", {"version": 1, "deadline_kind": "date",
                                                             "deadline_date": "2021-12-10"}, format="json")
    assert response.status_code == 200
    assert list(task.assignments.values_list("due_on", flat=True)) == [dt.date(2021, 12, 10)]
    assert any(entry.changes_dict.get("deadline_date", [None, None])[1] == "2021-12-10"
               for entry in LogEntry.objects.get_for_object(task))


def test_the_api_changes_the_lead_units(api, monitor, program, registry):
    task = program["dated"]
    response = api(monitor).patch(f"/api/tasks/{task.pk}/", {"version": 1, "lead_units": [registry["toc"].pk]},
                                  format="json")
    assert response.status_code == 200
    assert list(task.assignments.values_list("unit__code", flat=True)) == ["vgcl-toc"]
    refused = api(monitor).patch(f"/api/tasks/{task.pk}/", {"version": 2, "lead_units": []}, format="json")
    assert refused.status_code == 400 and "ít nhất một đơn vị chủ trì" in refused.json()["message"]
