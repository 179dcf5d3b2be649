"""PostgreSQL: the reminder log partitioned by day, one partition per sweep day, no BRIN index.

Writing half a million reminders into one table with a BRIN index on the day cost 1.2 s, the same rows into
a day's partition 0.9 s (bench/remind.py's data set, measured in psql); a day's rows are found by pruning to
its partition, and an old day can be dropped as a whole. The sweep creates the day's partition (see
sweep.day_partition_ensure). Existing rows are copied into partitions of their days. SQLite keeps its table.
"""

import datetime as dt

from django.db import migrations

COLUMNS = "day date NOT NULL, rule_id bigint NOT NULL, assignment_id bigint NOT NULL, " \
          "stage smallint NOT NULL CHECK (stage >= 0), run integer NOT NULL, deferred bool NOT NULL"


def partition(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute("ALTER TABLE reminders_reminder RENAME TO reminders_reminder_old")
    execute(f"CREATE TABLE reminders_reminder ({COLUMNS}) PARTITION BY RANGE (day)")
    execute("CREATE INDEX reminders_reminder_deferred_p ON reminders_reminder (day) WHERE deferred")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT day FROM reminders_reminder_old ORDER BY day")
        days = [row[0] for row in cursor.fetchall()]
    for day in days:  # the same SQL as sweep.day_partition_sql, frozen here
        execute(f"CREATE TABLE reminders_reminder_{day:%Y_%m_%d} PARTITION OF reminders_reminder "
                f"FOR VALUES FROM ('{day.isoformat()}') TO ('{(day + dt.timedelta(days=1)).isoformat()}')")
    execute("INSERT INTO reminders_reminder SELECT day, rule_id, assignment_id, stage, run, deferred "
            "FROM reminders_reminder_old")
    execute("DROP TABLE reminders_reminder_old")


class Migration(migrations.Migration):

    dependencies = [
        ('reminders', '0009_digest_lines_rendered_when_sent'),
    ]

    operations = [
        migrations.RunPython(partition, migrations.RunPython.noop, elidable=False),
    ]
