"""On SQLite only: an index on a unit's work by deadline that also holds the columns of "active on a day".

A provincial officer's list reads its subtree's ~15,000 assignments; SQLite then reads them from this index
alone instead of from the table (53 -> 45 ms for the page at 1,040,000 assignments). PostgreSQL gains nothing
on that page, and with it plans the "documents given to my units" subquery of an officer's document list as a
scan of the subtree's rows (2 -> 13 ms), so it does not get it. Outside the models' state on purpose: an
index of one backend.
"""

from django.db import migrations

NAME = "assignment_unit_due_cover"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{NAME}" ON "directives_assignment" '
                              '("unit_id", "due_on", "task_id", "active_from", "active_to", "period_start")')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"')


class Migration(migrations.Migration):
    dependencies = [("directives", "0008_merge_scope_and_counts")]

    operations = [migrations.RunPython(create, drop)]
