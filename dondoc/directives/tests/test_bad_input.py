"""Ids no database row can have, in the task forms: "no such choice", never a 500, nothing written."""

import pytest
from auditlog.models import LogEntry

from dondoc.directives.models import Assignment, Task

pytestmark = pytest.mark.django_db

HUGE = [str(2**63), str(2**63 - 1), str(2**64 + 5), "99999999999999999999999999", "-1", "1e5", "0x10", "١٢"]


def _counts():
    return Task.objects.count(), Assignment.objects.count(), LogEntry.objects.count()


@pytest.mark.parametrize("value", HUGE)
@pytest.mark.parametrize("field", ["lead_units", "coordinators"])
def test_task_form_refuses_ids_beyond_the_database_range(client, monitor, program, registry, value, field):
    client.force_login(monitor)
    before = _counts()
    data = {"ref": "9", "title": "Nhiệm vụ mới", "deadline_kind": "date", "deadline_date": "30/11/2021",
            "fulfilment": "completion_report", "lead_units": [registry["hanoi"].pk]}
    data[field] = [*data.get(field, []), value]
    response = client.post(f"/van-ban/{program['document'].pk}/giao-nhiem-vu/", data)
    assert response.status_code == 400
    assert "Lựa chọn không hợp lệ" in response.content.decode()
    assert _counts() == before


@pytest.mark.parametrize("value", HUGE[:3])
def test_task_edit_form_refuses_ids_beyond_the_database_range(client, monitor, program, registry, value):
    task = program["dated"]
    client.force_login(monitor)
    before = _counts()
    response = client.post(f"/van-ban/nhiem-vu/{task.pk}/sua/", {
        "version": task.version, "title": task.title, "deadline_kind": "date", "deadline_date": "30/11/2021",
        "lead_units": [registry["tg"].pk, value]})
    assert response.status_code == 400
    assert "Lựa chọn không hợp lệ" in response.content.decode()
    assert _counts() == before


@pytest.mark.parametrize("value", HUGE[:3])
def test_document_form_refuses_an_issuer_id_beyond_the_database_range(client, monitor, value):
    client.force_login(monitor)
    response = client.post("/van-ban/moi/", {"number": "1/KH", "date": "01/11/2021", "title": "Kế hoạch",
                                             "issuer": value})
    assert response.status_code == 400
    assert "Lựa chọn không hợp lệ" in response.content.decode()


@pytest.mark.parametrize("path", ["/van-ban/{}/", "/van-ban/nhiem-vu/{}/", "/van-ban/{}/sua/",
                                  "/theo-doi/chuong-trinh/{}/", "/nhiem-vu/{}/", "/phat-hanh/{}/tai/docx/"])
def test_ids_beyond_the_database_range_in_addresses_are_not_found(client, monitor, program, path):
    client.force_login(monitor)
    for value in (2**63, 2**63 - 1, 10**40):
        assert client.get(path.format(value)).status_code == 404
