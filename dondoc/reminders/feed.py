"""A person's deadlines as an iCalendar feed (RFC 5545), built with the icalendar library."""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from icalendar import Alarm, Calendar, Event

from dondoc.directives.models import Assignment
from dondoc.lib.calendar import shift


def calendar_bytes(user, assignments: list[Assignment], *, now: dt.datetime, milestones=()) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//dondoc//Nhac viec//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"dondoc — hạn nhiệm vụ ({user.unit.label if user.unit_id else user.username})")
    for a in assignments:
        event = Event()
        event.add("uid", f"assignment-{a.pk}@{settings.SITE_URL.split('//')[-1]}")
        event.add("dtstamp", now)
        event.add("dtstart", a.due_on)
        event.add("dtend", shift(a.due_on, 1))
        period = f" ({a.period_label})" if a.period_label else ""
        event.add("summary", f"Hạn: {a.task.ref} {a.task.title}{period} — {a.unit.label}".replace("  ", " "))
        url = settings.SITE_URL + reverse("submissions:assignment", args=[a.pk])
        event.add("description", f"Văn bản {a.task.document.number}. Đơn vị: {a.unit.name}.\n{url}")
        event.add("url", url)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", "Sắp đến hạn nhiệm vụ")
        alarm.add("trigger", dt.timedelta(days=-2))
        event.add_component(alarm)
        cal.add_component(event)
    for m in milestones:  # the dated steps of the unit's progress plans
        event = Event()
        event.add("uid", f"milestone-{m.pk}@{settings.SITE_URL.split('//')[-1]}")
        event.add("dtstamp", now)
        event.add("dtstart", m.due_on)
        event.add("dtend", shift(m.due_on, 1))
        task, unit = m.plan_task.task, m.plan_task.submission.assignment.unit
        event.add("summary", f"Mốc tiến độ: {m.title} — {task.ref} {task.title} ({unit.label})".replace("  ", " "))
        url = settings.SITE_URL + reverse("submissions:assignment", args=[m.plan_task.submission.assignment_id])
        event.add("description", f"Kế hoạch tiến độ, văn bản {task.document.number}.\n{url}")
        event.add("url", url)
        cal.add_component(event)
    return cal.to_ical()
