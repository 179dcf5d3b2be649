from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dondoc.units import services
from dondoc.units.models import ImportState, Unit, UnitImport

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[2] / "core" / "data" / "vgcl_units_2021.csv"


@pytest.fixture
def monitor_client(client, monitor):
    client.force_login(monitor)
    return client


def test_upload_is_queued_then_the_worker_imports_it_with_progress(monitor_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = monitor_client.post("/don-vi/nhap/", {"file": SimpleUploadedFile("units.csv", DATA.read_bytes())})
    assert response.status_code == 302 and len(callbacks) == 1
    job = UnitImport.objects.get()
    page = monitor_client.get(response["Location"])
    assert 'hx-trigger="every 1s"' in page.content.decode()  # the page polls while it waits
    services.unit_import_run(job_id=job.pk)  # what the worker does
    job.refresh_from_db()
    assert job.state == ImportState.DONE and (job.done, job.total) == (103, 103)
    assert Unit.objects.filter(code="ldld-da-nang").exists()
    partial = monitor_client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in partial and "đơn vị mới" in partial


def test_a_bad_file_lists_its_errors_and_imports_nothing(monitor_client, registry):
    before = Unit.objects.count()
    bad = b"code,name,short_name,kind,parent\nx,X,,planet,vgcl\n"
    response = monitor_client.post("/don-vi/nhap/", {"file": SimpleUploadedFile("bad.csv", bad)})
    job = UnitImport.objects.get()
    services.unit_import_run(job_id=job.pk)
    page = monitor_client.get(response["Location"]).content.decode()
    assert "Dòng 2: loại «planet» không hợp lệ" in page
    assert Unit.objects.count() == before


@pytest.mark.parametrize(("name", "data"), [("x.pdf", b"%PDF-1.4"), ("empty.csv", b"")])
def test_wrong_files_are_refused_at_once(monitor_client, name, data):
    response = monitor_client.post("/don-vi/nhap/", {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 400
    assert not UnitImport.objects.exists()


def test_only_the_monitor_imports(client, officer, leader):
    for user in (officer, leader):
        client.force_login(user)
        assert client.get("/don-vi/nhap/").status_code == 404
