"""Figures that stay true over time: every change to an assignment's figure-deciding facts is recorded.

Two times run through dondoc's figures. The *valid* time is the date a figure is "as of" (`?ngay=`): the
assignment's own dates (due_on, done_on, active_from, ...) already answer it. The *recorded* time is when
the system learnt a fact: a plan dated 05/11/2021 may be sent in 2023, a merge may be entered months after
it took effect. A figure published on 16/11/2021 must be reproducible after that, so the recorded time is
kept too (a bitemporal record).

Shape chosen, and why:

- The live `Assignment` row holds what is known now, with `recorded_at` (when this version was recorded).
  Today's figures — the dashboards at a million rows, the sweep — read it alone, with no extra join or
  filter: knowledge history costs them nothing, however long it grows.
- `AssignmentRevision` is append-only: when a change replaces a version (a submission, a review, an
  extension, a deadline move, a registry change, a withdrawn unit), the replaced version is copied there
  with its interval `[recorded_at, superseded_at)` before the live row changes. Each revision is written
  once, with both ends known, and never updated.
- "As known on K" (end of day K) reads, per assignment, the live row if `recorded_at < K`, else the one
  revision whose interval contains K. These two sets are disjoint, so counts are sums and lists are
  concatenations over the same filters (directives.queries.Knowledge); a row recorded after K and never
  revised was not known at K.

Every write path calls `revise` (a queryset and its changes, set-based: one INSERT ... SELECT, one UPDATE)
or `forget` (rows removed), inside the caller's transaction, with the caller's `now`: services take
`now` so that the demo and imports can record when a fact was really learnt.
"""

import datetime as dt

from django.db import connection, transaction
from django.db.models import CharField, DateTimeField, QuerySet, Value
from django.utils import timezone

from . import counts
from .models import Assignment, AssignmentRevision

# The columns copied into a revision, in the order of the revision table's INSERT.
KEPT = ("task_id", "unit_id", "period_index", "period_label", "period_start", "period_end", "due_on", "active_from",
        "active_to", "carried", "submitted_on", "accepted_on", "done_on", "started_on", "extensions", "recorded_at")


def _keep(queryset: QuerySet[Assignment], *, now: dt.datetime, cause: str) -> None:
    """Copy the current versions of the rows of `queryset` into the revisions, superseded at `now`."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("history must be written in the transaction that changes the assignments")
    rows = queryset.order_by().annotate(
        _superseded=Value(now, output_field=DateTimeField()), _cause=Value(cause[:20], output_field=CharField()),
    ).values_list("id", *KEPT, "_superseded", "_cause")
    sql, params = rows.query.sql_with_params()
    table = connection.ops.quote_name(AssignmentRevision._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in ("assignment_id", *KEPT, "superseded_at", "cause"))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {sql}", params)


def revise(queryset: QuerySet[Assignment], *, now: dt.datetime | None = None, cause: str, **changes) -> int:
    """Apply `changes` to the rows of `queryset`, keeping the versions they replace. Returns the rows changed.

    Pass a queryset restricted to the rows that really change (e.g. `.exclude(due_on=new_due)`): a revision
    identical to the row after it records nothing but noise.
    """
    now = now or timezone.now()
    with transaction.atomic():
        # The copy reads the rows before the UPDATE changes them: both select the same rows.
        _keep(queryset, now=now, cause=cause)
        if counts.changes_counts(changes):
            counts.move(queryset, changes)  # the count table follows, in the same transaction
        return queryset.update(**changes, recorded_at=now)


def revise_one(assignment: Assignment, *, now: dt.datetime | None = None, cause: str, **changes) -> bool:
    """`revise` for one loaded row: records only if a value really changes; updates the instance too."""
    changes = {name: value for name, value in changes.items() if getattr(assignment, name) != value}
    if not changes:
        return False
    now = now or timezone.now()
    revise(Assignment.objects.filter(pk=assignment.pk), now=now, cause=cause, **changes)
    for name, value in changes.items():
        setattr(assignment, name, value)
    assignment.recorded_at = now
    return True


def forget(queryset: QuerySet[Assignment], *, now: dt.datetime | None = None, cause: str) -> int:
    """Delete the rows of `queryset`, keeping their last versions: figures as known before still count them."""
    now = now or timezone.now()
    with transaction.atomic():
        _keep(queryset, now=now, cause=cause)
        counts.adjust(queryset, -1)
        return queryset.delete()[1].get(Assignment._meta.label, 0)
