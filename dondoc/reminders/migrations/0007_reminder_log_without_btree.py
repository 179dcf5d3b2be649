"""The reminder log keyed by (day, rule, assignment) without a b-tree on PostgreSQL; digests remember their run.

The state gets the composite primary key; the table is rebuilt by hand because what PostgreSQL gets is not a
primary-key index but a BRIN index on the day (see Reminder). The rows are copied: every reminder recorded so
far counts as told (run 0, like the existing digests), which is what the digest items said of all but the
deferred ones, still deferred here. The told pairs (DigestItem) give way to the runs.
"""

from django.db import migrations, models

COLUMNS = "day date NOT NULL, rule_id bigint NOT NULL, assignment_id bigint NOT NULL, " \
          "stage smallint NOT NULL CHECK (stage >= 0), run integer NOT NULL, deferred bool NOT NULL"
INDEXES = {
    "postgresql": [
        "CREATE INDEX reminders_reminder_day_brin ON reminders_reminder USING brin (day)",
        "CREATE INDEX reminders_reminder_deferred ON reminders_reminder (day) WHERE deferred",
    ],
    "sqlite": [
        "CREATE UNIQUE INDEX reminders_reminder_key ON reminders_reminder (day, rule_id, assignment_id)",
        "CREATE INDEX reminders_reminder_deferred ON reminders_reminder (day) WHERE deferred",
    ],
}


def rebuild(apps, schema_editor):
    execute = schema_editor.execute
    execute("ALTER TABLE reminders_reminder RENAME TO reminders_reminder_old")
    execute(f"CREATE TABLE reminders_reminder ({COLUMNS})")
    execute("INSERT INTO reminders_reminder (day, rule_id, assignment_id, stage, run, deferred) "
            "SELECT day, rule_id, assignment_id, stage, 0, deferred FROM reminders_reminder_old")
    execute("DROP TABLE reminders_digestitem")
    execute("DROP TABLE reminders_reminder_old")
    for sql in INDEXES[schema_editor.connection.vendor]:
        execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('reminders', '0006_reminder_log_one_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(rebuild, elidable=False)],
            state_operations=[
                migrations.RemoveField(model_name='digestitem', name='digest'),
                migrations.RemoveField(model_name='digestitem', name='reminder'),
                migrations.DeleteModel(name='DigestItem'),
                migrations.RemoveConstraint(model_name='reminder', name='unique_reminder'),
                migrations.RemoveField(model_name='reminder', name='created_at'),
                migrations.RemoveField(model_name='reminder', name='id'),
                migrations.AddField(
                    model_name='reminder', name='pk',
                    field=models.CompositePrimaryKey('day', 'rule_id', 'assignment_id', blank=True, editable=False,
                                                     primary_key=True, serialize=False),
                ),
                migrations.AddField(model_name='reminder', name='run', field=models.IntegerField(default=0)),
            ],
        ),
        migrations.AddField(model_name='digest', name='run', field=models.IntegerField(default=0)),
        migrations.AlterField(model_name='sweeprun', name='day', field=models.DateField(db_index=True)),
    ]
