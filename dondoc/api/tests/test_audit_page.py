import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from dondoc.directives.models import Document

pytestmark = pytest.mark.django_db


def test_monitor_sees_who_changed_what_with_before_and_after(client, api, monitor, leader, officer):
    created = api(monitor).post("/api/documents/", {"number": "462/TB-TLĐ", "date": "2021-11-16",
                                                    "title": "Thông báo kết luận giao ban"}, format="json")
    assert created.status_code == 201
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(Document))
    assert entry.actor == monitor
    client.force_login(monitor)
    page = client.get(f"/nhat-ky/?loai={entry.content_type_id}&nguoi={monitor.pk}").content.decode()
    assert "462/TB-TLĐ" in page and "Thông báo kết luận giao ban" in page and "monitor" in page
    other = client.get(f"/nhat-ky/?nguoi={officer.pk}").content.decode()
    assert "Thông báo kết luận giao ban" not in other
    for user in (leader, officer):
        client.force_login(user)
        assert client.get("/nhat-ky/").status_code == 404
