"""The audit log (/nhat-ky/) reads every entry it holds, on every page and under every filter."""

import pytest
from auditlog.models import LogEntry

from dondoc.directives.models import Task

pytestmark = pytest.mark.django_db


def _open_every_view_of_the_log(client) -> list[str]:
    """Every page of the whole log and of each kind of object; returns the pages' text."""
    pages = []
    for query in [{}] + [{"loai": ct} for ct in set(LogEntry.objects.values_list("content_type_id", flat=True))]:
        first = client.get("/nhat-ky/", query)
        assert first.status_code == 200, query
        pages.append(first.content.decode())
        count = first.context["page"].paginator.num_pages
        for number in range(2, count + 1):
            response = client.get("/nhat-ky/", {**query, "trang": number})
            assert response.status_code == 200, (query, number)
            pages.append(response.content.decode())
    return pages


def test_the_log_still_reads_after_a_lead_unit_is_removed_from_a_task(client, monitor, program, registry):
    task = program["dated"]
    client.force_login(monitor)
    response = client.post(f"/van-ban/nhiem-vu/{task.pk}/sua/", {
        "version": task.version, "title": task.title, "deadline_kind": "date", "deadline_date": "30/11/2021",
        "lead_units": [registry["toc"].pk]})
    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert "bỏ 1 đơn vị" in follow.content.decode()
    pages = _open_every_view_of_the_log(client)
    text = "\n".join(pages)
    assert "Ban Tuyên giáo" in text and "Ban Tổ chức" in text  # the removed and the added unit
    task_type = LogEntry.objects.filter(object_id=task.pk, content_type__model="task").first().content_type_id
    history = client.get("/nhat-ky/", {"loai": task_type, "doi-tuong": task.pk})
    assert history.status_code == 200 and "bỏ" in history.content.decode()
    assert Task.objects.get(pk=task.pk).lead_units.get() == registry["toc"]


def test_every_kind_of_change_the_services_make_reads_in_the_log(client, monitor, program, registry):
    """Each service that writes, once: the log shows them all, on every page and under every filter."""
    import datetime as dt

    from dondoc.accounts.services import api_token_create, api_token_revoke
    from dondoc.directives import editing
    from dondoc.directives import services as directives
    from dondoc.directives.models import Assignment
    from dondoc.paperwork import services as paperwork
    from dondoc.reminders import services as reminders
    from dondoc.reminders.models import ReminderRule
    from dondoc.submissions import services as submissions
    from dondoc.tests import factory
    from dondoc.units.importing import import_units

    tg_officer = factory.user("tg_officer", role="officer", unit=registry["tg"])
    document = directives.document_create_with_links(
        number="15/KH-TLĐ", date=dt.date(2021, 11, 1), title="Kế hoạch kiểm tra", by=monitor,
        implements=[{"number": "02/CTr-BCH", "date": "2021-07-20"}])
    task = directives.task_create(document=document, ref="1", title="Kiểm tra", lead_units=[registry["hanoi"]],
                                  coordinators=[registry["toc"]], deadline_kind="date",
                                  deadline_date=dt.date(2021, 12, 15))
    editing.document_update(document=document, version=document.version, title="Kế hoạch kiểm tra (sửa)",
                            issuer=registry["tg"])
    task = editing.task_update(task=task, version=task.version, deadline_kind="date",
                               deadline_date=dt.date(2021, 12, 31),
                               lead_units=[registry["danang"], registry["quangnam"]])
    task = editing.task_update(task=task, version=task.version, withdrawn=True)
    plan = Assignment.objects.get(task=program["plan"], unit=registry["hanoi"])
    sent = submissions.submission_create(assignment=plan, kind="completion_report", by=monitor, text="Đã xong",
                                         files=[submissions.Upload("bao-cao.pdf", factory.pdf_bytes())])
    submissions.submission_return(submission=sent, by=monitor, comment="Bổ sung số liệu")
    again = submissions.submission_create(assignment=plan, kind="completion_report", by=monitor, text="Bổ sung")
    submissions.submission_accept(submission=again, by=monitor)
    dated = Assignment.objects.get(task=program["dated"])
    asked = reminders.extension_request_create(assignment=dated, requested_due=dt.date(2021, 12, 20),
                                               reason="Chờ số liệu", by=tg_officer)
    reminders.extension_decide(request=asked, grant=True, by=monitor)
    reminders.rule_save(rule=ReminderRule(task=program["dated"], kind="before", days=3))
    token, _ = api_token_create(user=monitor, name="máy chủ báo cáo")
    api_token_revoke(token=token)
    import_units(b"code,name,short_name,kind,parent\nldld-hue,Li\xc3\xaan \xc4\x91o\xc3\xa0n Lao \xc4\x91\xe1\xbb"
                 b"\x99ng th\xc3\xa0nh ph\xe1\xbb\x91 Hu\xe1\xba\xbf,L\xc4\x90L\xc4\x90 Hu\xe1\xba\xbf,"
                 b"provincial_federation,vgcl\n", "units.csv")
    directives.units_merge(predecessors=[registry["quangnam"]], successor=registry["danang"],
                           on=dt.date(2025, 7, 1))
    template = paperwork.template_get("report")
    paperwork.template_update(template=template, values={"closing": "Trân trọng báo cáo."}, by=monitor)
    paperwork.report_issue(program=program["document"], as_of=dt.date(2021, 11, 9), date=dt.date(2021, 11, 10),
                           by=monitor)
    meeting = paperwork.meeting_create(program=program["document"], date=dt.date(2021, 11, 12), chair="Ngô Duy Hiếu",
                                       chair_title="Phó Chủ tịch", attendees="Các ban", by=monitor)
    paperwork.conclusion_add(meeting=meeting, ref="1", text="Ban Tổ chức rà soát", lead_units=[registry["toc"]],
                             deadline_kind="date", deadline_date=dt.date(2021, 12, 30))
    paperwork.notice_issue(meeting=meeting, date=dt.date(2021, 11, 15), by=monitor)

    kinds = set(LogEntry.objects.values_list("content_type__model", "action"))
    for model in ("document", "documentlink", "task", "assignment", "submission", "attachment", "extensionrequest",
                  "reminderrule", "apitoken", "unit", "succession", "papertemplate", "issuedpaper", "meeting",
                  "conclusion", "register"):
        assert any(m == model for m, _ in kinds), model
    assert {action for _, action in kinds} >= {LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE}
    client.force_login(monitor)
    text = "\n".join(_open_every_view_of_the_log(client))
    for shown in ("Kế hoạch kiểm tra (sửa)", "Bổ sung số liệu", "Chờ số liệu", "máy chủ báo cáo",
                  "Trân trọng báo cáo.", "Ban Tổ chức rà soát"):
        assert shown in text, shown
    for actor in set(LogEntry.objects.exclude(actor=None).values_list("actor_id", flat=True)):
        assert client.get("/nhat-ky/", {"nguoi": actor}).status_code == 200


def test_entries_written_before_the_fix_still_read(client, monitor, program):
    """Deletions recorded the other side of relations ("reminders.Reminder.None"); such entries must read."""
    from django.contrib.contenttypes.models import ContentType

    from dondoc.directives.models import Assignment

    assignment = Assignment.objects.filter(task=program["plan"]).first()
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Assignment), object_pk=str(assignment.pk),
        object_id=assignment.pk, object_repr="1 Ban hành kế hoạch — LĐLĐ Hà Nội", action=LogEntry.Action.DELETE,
        changes={"id": [str(assignment.pk), "None"], "reminders": ["reminders.Reminder.None", "None"],
                 "task": [str(program["plan"].pk), "None"], "due_on": ["2021-11-30", "None"]})
    client.force_login(monitor)
    response = client.get("/nhat-ky/")
    assert response.status_code == 200
    assert "1 Ban hành kế hoạch — LĐLĐ Hà Nội" in response.content.decode()
    assert "Reminder" not in response.content.decode()


@pytest.mark.parametrize("page", ["0", "-1", "999999", str(2**64), "abc", "1e3", "\u0661"])
def test_any_page_number_answers_a_page(client, monitor, program, page):
    client.force_login(monitor)
    assert client.get("/nhat-ky/", {"trang": page}).status_code == 200
