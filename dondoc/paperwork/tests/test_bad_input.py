"""Bad input on the paperwork pages: far dates, ids no row can have, template tags beyond placeholders."""

import datetime as dt

import pytest

from dondoc.directives.services import ServiceError
from dondoc.paperwork import services, templating
from dondoc.paperwork.models import Conclusion, IssuedPaper, PaperTemplate

pytestmark = pytest.mark.django_db


def test_issuing_a_paper_as_of_the_last_date_is_refused_not_a_crash(client, monitor, program):
    client.force_login(monitor)
    for as_of in ("9999-12-31", "31/12/9999"):
        response = client.post("/phat-hanh/tao/", {"purpose": "urge", "program": program["document"].pk,
                                                   "as_of": as_of, "issue": "1"})
        assert response.status_code == 400
        assert "31/12/2100" in response.content.decode()
    assert not IssuedPaper.objects.exists()


@pytest.fixture
def meeting(program):
    return services.meeting_create(program=program["document"], date=dt.date(2021, 11, 10), chair="Ngô Duy Hiếu",
                                   chair_title="Phó Chủ tịch", attendees="các ban")


@pytest.mark.parametrize("value", [str(2**63), str(2**64), "9" * 30])
def test_conclusion_form_refuses_unit_ids_beyond_the_database_range(client, monitor, registry, meeting, value):
    client.force_login(monitor)
    response = client.post(f"/phat-hanh/giao-ban/{meeting.pk}/", {
        "ref": "1", "text": "Ban Tổ chức rà soát", "deadline_kind": "date", "deadline_date": "30/12/2021",
        "lead_units": [registry["toc"].pk, value]})
    assert response.status_code == 400
    assert "Lựa chọn không hợp lệ" in response.content.decode()
    assert not Conclusion.objects.exists()


@pytest.mark.parametrize("value", [str(2**63), "-5", "abc"])
def test_generate_and_meeting_forms_refuse_a_program_id_no_row_can_have(client, monitor, program, value):
    client.force_login(monitor)
    generate = client.post("/phat-hanh/tao/", {"purpose": "report", "program": value, "as_of": "09/11/2021"})
    meeting = client.post("/phat-hanh/giao-ban/moi/", {"program": value, "date": "10/11/2021", "chair": "A",
                                                       "attendees": "B"})
    for response in (generate, meeting):
        assert response.status_code == 400 and "Lựa chọn không hợp lệ" in response.content.decode()


@pytest.mark.parametrize("text", ['{% now "Y" %}', '{{ as_of|add:"1" }}', "{% load static %}{% static 'x' %}",
                                  '{% include "base.html" %}', "{% debug %}", '{{ as_of|date:"Y" }}',
                                  "{% with x=as_of %}{{ x }}{% endwith %}", "{% csrf_token %}",
                                  '{% templatetag openblock %}', "{{ program.number|safe }}"])
def test_templates_refuse_tags_and_filters_beyond_placeholders(client, monitor, text):
    assert templating.check_text("report", "Đoạn kết", text), text
    template = services.template_get("report")
    with pytest.raises(ServiceError):
        services.template_update(template=template, values={"closing": text})
    client.force_login(monitor)
    fields = {name: getattr(template, name) for name in services.TEMPLATE_FIELDS} | {"closing": text}
    response = client.post("/phat-hanh/mau/report/", fields)
    assert response.status_code == 400 and "chỉ dùng được" in response.content.decode()
    assert PaperTemplate.objects.get(purpose="report").closing == template.closing


def test_templates_keep_placeholders_conditions_loops_and_case(program):
    text = ("{% if units_total > 50 %}Nhiều đơn vị{% else %}Ít đơn vị{% endif %}: "
            "{% for c in program.number %}{{ c }}{% endfor %} — {{ program.title|upper }}")
    assert templating.check_text("report", "Đoạn kết", text) == []
    template = services.template_get("report")
    services.template_update(template=template, values={"closing": text})
    assert services.draft_docx(purpose="report", program=program["document"], as_of=dt.date(2021, 11, 9))


def test_a_template_saved_with_a_tag_no_longer_allowed_is_refused_at_issue_not_a_crash(client, monitor, program):
    template = services.template_get("report")
    PaperTemplate.objects.filter(pk=template.pk).update(closing='Hà Nội, năm {% now "Y" %}.')
    client.force_login(monitor)
    response = client.post("/phat-hanh/tao/", {"purpose": "report", "program": program["document"].pk,
                                               "as_of": "09/11/2021", "issue": "1"})
    assert response.status_code == 400 and "Mẫu văn bản" in response.content.decode()
    assert not IssuedPaper.objects.exists()


@pytest.mark.parametrize("text", ["{% if secret %}x{% endif %}", "{% for x in settings %}{{ x }}{% endfor %}",
                                  "{% if as_of and request.user %}x{% endif %}"])
def test_conditions_and_loops_read_only_placeholders(text):
    errors = templating.check_text("report", "Đoạn kết", text)
    assert errors and "không có trong mẫu" in errors[0]
