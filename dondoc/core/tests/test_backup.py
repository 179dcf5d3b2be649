"""Backup, then restore into an empty database: every table and every file comes back identical."""

import hashlib
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from dondoc.submissions.services import Upload, submission_create
from dondoc.tests import factory

PDF = factory.pdf_bytes()


def tables_fingerprint() -> dict[str, tuple[int, str]]:
    result = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = sorted(repr(row) for row in cursor.fetchall())
            result[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return result


def files_fingerprint() -> dict[str, str]:
    media = Path(settings.MEDIA_ROOT)
    return {p.relative_to(media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in media.rglob("*") if p.is_file()}


def empty_database() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
            return
        cursor.execute("PRAGMA foreign_keys=OFF")
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'DROP TABLE "{table}"')
        cursor.execute("PRAGMA foreign_keys=ON")


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_database_gives_back_every_table_and_file(tmp_path):
    units = factory.registry()
    program = factory.program(units)
    officer = factory.user("officer_a", role="officer", unit=units["hanoi"])
    assignment = program["plan"].assignments.get(unit=units["hanoi"])
    submission_create(assignment=assignment, kind="completion_report", by=officer, text="Đã hoàn thành",
                      files=[Upload("báo cáo.pdf", PDF), Upload("phụ lục.pdf", PDF + b"2")])
    tables, files = tables_fingerprint(), files_fingerprint()
    assert len(files) == 2 and tables["submissions_submission"][0] == 1

    archive = tmp_path / "dondoc.tar.gz"
    call_command("backup", str(archive))
    empty_database()
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():
            path.unlink()
    assert tables_fingerprint() == {} and files_fingerprint() == {}

    call_command("restore", str(archive), "--yes")
    assert tables_fingerprint() == tables
    assert files_fingerprint() == files


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, db):
    bogus = tmp_path / "x.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="Không đọc được tệp sao lưu"):
        call_command("restore", str(bogus), "--yes")
    with pytest.raises(CommandError, match="Không tìm thấy"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), "--yes")


@pytest.mark.django_db(transaction=True)
def test_restore_of_an_archive_made_after_the_reference_data_was_emptied_puts_it_back(tmp_path):
    from dondoc.directives.models import Holiday
    from dondoc.reminders.models import ReminderRule

    factory.registry()
    ReminderRule.objects.all().delete()  # as an old `demo --reset` left it
    Holiday.objects.all().delete()
    archive = tmp_path / "dondoc.tar.gz"
    call_command("backup", str(archive))
    out = io.StringIO()
    call_command("restore", str(archive), "--yes", stdout=out)
    assert ReminderRule.objects.filter(task__isnull=True, document__isnull=True).count() == 6  # the five stages of old and the leaders' one
    assert Holiday.objects.filter(date="2021-09-02").exists()
    assert "Đã bổ sung dữ liệu tham chiếu" in out.getvalue()
