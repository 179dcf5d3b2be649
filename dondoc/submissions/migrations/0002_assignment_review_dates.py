"""Assignments keep three dates from their submissions: sent (not returned), accepted, and done under the
program's rule (by default when accepted: a submission nobody reviewed no longer counts as done)."""

from django.db import migrations


def review_dates(apps, schema_editor):
    Assignment = apps.get_model("directives", "Assignment")
    Submission = apps.get_model("submissions", "Submission")
    fulfilling: dict[int, list] = {}
    rows = (Submission.objects.exclude(state="returned")
            .values_list("assignment_id", "kind", "state", "effective_on", "assignment__task__fulfilment"))
    for assignment_id, kind, state, effective_on, fulfilment in rows.iterator():
        if kind in (fulfilment, "completion_report"):
            fulfilling.setdefault(assignment_id, []).append((state, effective_on))
    changed = []
    for a in Assignment.objects.filter(pk__in=list(fulfilling)).iterator():
        sent = fulfilling[a.pk]
        a.submitted_on = min(d for _s, d in sent)
        accepted = [d for s, d in sent if s == "accepted"]
        a.accepted_on = min(accepted) if accepted else None
        a.done_on = a.accepted_on
        changed.append(a)
    Assignment.objects.bulk_update(changed, ["submitted_on", "accepted_on", "done_on"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("submissions", "0001_initial"), ("directives", "0004_review_state_and_known_on")]
    operations = [migrations.RunPython(review_dates, migrations.RunPython.noop)]
