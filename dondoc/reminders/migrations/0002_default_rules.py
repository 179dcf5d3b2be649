"""The global default reminder rules (editable by administrators in the admin)."""

from django.db import migrations

DEFAULTS = [
    # kind, days, repeat_every, stop_after, stage
    ("before", 3, 1, None, 1),   # the last three working days before the deadline, every day
    ("on", 0, None, None, 1),    # on the day
    ("after", 1, 5, 20, 1),      # the day after, then every five working days for four weeks
    ("after", 5, 5, 30, 2),      # from a week late: the unit's head
    ("after", 10, 10, 60, 3),    # from two weeks late: listed for the monitor
]


def create(apps, schema_editor):
    Rule = apps.get_model("reminders", "ReminderRule")
    if Rule.objects.filter(task__isnull=True, document__isnull=True).exists():
        return
    Rule.objects.bulk_create([Rule(kind=k, days=d, repeat_every=r, stop_after=s, stage=st)
                              for k, d, r, s, st in DEFAULTS])


class Migration(migrations.Migration):
    dependencies = [("reminders", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
