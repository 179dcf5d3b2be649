"""One permission helper per object type, used by every page, command and API view.

The monitor (and administrators) see and change everything; leaders read everything; a unit officer sees
and submits for their own unit and the units below it. Objects out of reach answer 404, never 403, so
that their existence is not disclosed.

The cascade: every unit that has units below it follows its own subtree with the centre's tools, limited to
that subtree. Its officer enters its own documents (their `scope` is the unit), gives their tasks to the
units below it, sees their dashboards, reviews its units' submissions to them, urges and reports. The
monitor follows the root. A unit named as coordinating a task ("phối hợp") reads that task, its assignments
and what was sent for it, and adds its contribution, without being counted as responsible.
"""

from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404

from dondoc.directives.models import Assignment, Document, Task
from dondoc.submissions.models import Attachment, Submission
from dondoc.units.models import Unit

from .models import Role, User

NO_ACCESS = "\x00no-access"


def _unit_prefix(user: User) -> str | None:
    """The path under which an officer may act; None when the user reads everything."""
    if user.reads_everything:
        return None
    if user.is_active and user.role == Role.OFFICER and user.unit_id:
        return user.unit.path
    return NO_ACCESS


def followed_unit(user: User) -> Unit | None:
    """The unit whose subtree an officer follows: their own unit when it has units below it (known once per
    request object). None for everyone else (the monitor follows everything: see `follows_everything`)."""
    if not (user.is_active and user.role == Role.OFFICER and user.unit_id):
        return None
    cached = getattr(user, "_followed_unit", False)
    if cached is False:
        unit = user.unit
        cached = unit if unit.children.filter(valid_to__isnull=True).exists() else None
        user._followed_unit = cached
    return cached


def follows_anything(user: User) -> bool:
    """The monitor, or an officer of a unit with units below it: may enter documents and review."""
    return user.is_monitor or followed_unit(user) is not None


def _follow_prefix(user: User) -> str | None:
    """The subtree whose own documents the user manages; None for the monitor (all of them)."""
    if user.is_monitor:
        return None
    unit = followed_unit(user)
    return unit.path if unit is not None else NO_ACCESS


def _coordinated_ids(user: User, prefix: str) -> QuerySet[Task] | None:
    """The tasks the user's own unit coordinates, as a subquery (a coordinator is named, not its subtree)."""
    if prefix == NO_ACCESS or not user.unit_id:
        return None
    return Task.objects.filter(coordinators=user.unit_id).values("pk")


def _subtree(prefix: str) -> Q:
    """Units whose path starts with `prefix`, in a form each database serves from its index on the path:
    PostgreSQL's LIKE 'prefix%' reads the pattern index Django adds to the path; SQLite's LIKE ignores case and
    its index, so there the same set is a range of the binary order ("/a/b/" <= path < "/a/b0", since every
    path ends with "/" and "0" follows "/")."""
    if connection.vendor == "sqlite":
        return Q(path__gte=prefix, path__lt=prefix[:-1] + chr(ord(prefix[-1]) + 1))
    return Q(path__startswith=prefix)


def _subtree_ids(prefix: str) -> QuerySet[Unit]:
    """The primary keys of a subtree, as a subquery: the queries below filter the assignments by unit id
    (index on unit), so that an officer's page reads their units' rows and not the whole assignment table."""
    return Unit.objects.filter(_subtree(prefix)).values("pk")


def subtree_ids(unit: Unit) -> QuerySet[Unit]:
    """The primary keys of `unit` and the units below it, as a subquery served by the index on the path."""
    return _subtree_ids(unit.path)


def units_visible(user: User) -> QuerySet[Unit]:
    prefix = _unit_prefix(user)
    return Unit.objects.all() if prefix is None else Unit.objects.filter(_subtree(prefix))


def _assignment_q(user: User, prefix: str, to: str = "") -> Q:
    """An assignment in the user's subtree, of a document the user's unit follows, or of a task it coordinates.
    Both parts are subqueries on indexed columns (unit, task), so an officer's page reads the rows of its units
    and its few followed tasks, not the whole assignment table."""
    units = _subtree_ids(prefix)
    q = Q(**{f"{to}unit_id__in": units})
    if prefix != NO_ACCESS and user.unit_id:
        # The followed and coordinated tasks are few: read them first, so that the common case (none) leaves
        # a plain subtree filter the indexes serve, instead of an OR of two subqueries that makes PostgreSQL
        # scan every assignment.
        followed = list(Task.objects.filter(Q(document__scope_id__in=units) | Q(coordinators=user.unit_id))
                        .order_by().values_list("pk", flat=True).distinct())  # no ordering: no join to documents
        if followed:
            q |= Q(**{f"{to}task_id__in": followed})
    return q


def assignments_visible(user: User) -> QuerySet[Assignment]:
    prefix = _unit_prefix(user)
    qs = Assignment.objects.all()
    return qs if prefix is None else qs.filter(_assignment_q(user, prefix))


def documents_visible(user: User) -> QuerySet[Document]:
    prefix = _unit_prefix(user)
    if prefix is None:
        return Document.objects.all()
    units = _subtree_ids(prefix)
    given = Task.objects.filter(pk__in=Assignment.objects.filter(unit_id__in=units).values("task_id"))
    q = Q(pk__in=given.values("document_id")) | Q(issuer_id__in=units) | Q(scope_id__in=units)
    coordinated = _coordinated_ids(user, prefix)
    if coordinated is not None:
        q |= Q(pk__in=Task.objects.filter(pk__in=coordinated).values("document_id"))
    return Document.objects.filter(q)


def tasks_visible(user: User) -> QuerySet[Task]:
    prefix = _unit_prefix(user)
    if prefix is None:
        return Task.objects.all()
    units = _subtree_ids(prefix)
    q = Q(pk__in=Assignment.objects.filter(unit_id__in=units).values("task_id")) | Q(document__scope_id__in=units)
    coordinated = _coordinated_ids(user, prefix)
    if coordinated is not None:
        q |= Q(pk__in=coordinated)
    return Task.objects.filter(q)


def coordinated_tasks(user: User) -> QuerySet[Task]:
    """The tasks the user's own unit is named to coordinate (its list shows them beside its assignments)."""
    if not (user.is_active and user.unit_id):
        return Task.objects.none()
    return Task.objects.filter(coordinators=user.unit_id, withdrawn=False)


def submissions_visible(user: User) -> QuerySet[Submission]:
    prefix = _unit_prefix(user)
    qs = Submission.objects.all()
    return qs if prefix is None else qs.filter(_assignment_q(user, prefix, "assignment__"))


def limit_for(user: User, visible) -> QuerySet | None:
    """`visible(user)` (assignments_visible, units_visible...) as a filter for another query, or None when the
    user sees every row: `x__in=<the whole table>` would only make the database read that table for nothing
    (the reported figures of a program: 257 ms on SQLite at 1,040,000 assignments)."""
    return None if user.reads_everything else visible(user)


def get_visible(queryset: QuerySet, **lookup):
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, OverflowError):
        raise Http404 from None


def can_submit(user: User, assignment: Assignment) -> bool:
    """Officers submit for their own subtree; the monitor may record a submission on a unit's behalf."""
    if user.is_monitor:
        return True
    prefix = _unit_prefix(user)
    return user.role == Role.OFFICER and prefix is not None and assignment.unit.path.startswith(prefix)


def follows_document(user: User, document: Document) -> bool:
    """The user follows this document's implementation: the monitor all of them (and a leader reads them),
    a unit's officer the documents of its own subtree (scope or issuer within it)."""
    if user.reads_everything:
        return True
    prefix = _follow_prefix(user)
    if prefix == NO_ACCESS:
        return False
    return any(u is not None and u.path.startswith(prefix) for u in (document.scope, document.issuer))


def can_manage_document(user: User, document: Document) -> bool:
    """Change a document and give its tasks: the monitor any; a following unit its own subtree's documents."""
    return user.is_monitor or (not user.reads_everything and follows_document(user, document))


def followed_documents(user: User) -> QuerySet[Document]:
    """The documents whose dashboards the user may open."""
    if user.reads_everything:
        return Document.objects.all()
    prefix = _follow_prefix(user)
    return Document.objects.filter(Q(scope__path__startswith=prefix) | Q(issuer__path__startswith=prefix))


def can_review(user: User, submission: Submission | None = None) -> bool:
    """Accept or return a submission: the monitor any; a following unit those sent for its own documents by
    the units below it. Without a submission: whether the user reviews anything at all."""
    if user.is_monitor:
        return True
    unit = followed_unit(user)
    if unit is None:
        return False
    if submission is None:
        return True
    return can_review_assignment(user, submission.assignment)


def can_review_assignment(user: User, assignment: Assignment) -> bool:
    """Review what was sent for this assignment (see can_review)."""
    if user.is_monitor:
        return True
    unit = followed_unit(user)
    return unit is not None and assignment.unit_id != unit.pk and can_manage_document(
        user, assignment.task.document)


def reviewable_submissions(user: User) -> QuerySet[Submission]:
    if user.is_monitor:
        return Submission.objects.all()
    unit = followed_unit(user)
    if unit is None:
        return Submission.objects.none()
    # The few tasks of the documents it follows, read first, then their submissions by task: never a scan of
    # every pending report of the federation (as a subquery, SQLite read all 26,000 pending reports and tested
    # each).
    tasks = list(Task.objects.filter(document__in=followed_documents(user)).values_list("pk", flat=True))
    if not tasks:
        return Submission.objects.none()
    return Submission.objects.filter(assignment__task_id__in=tasks).exclude(assignment__unit=unit)


def can_decide_extensions(user: User) -> bool:
    """Grant or refuse an extension of a deadline: the monitor."""
    return user.is_monitor


def can_manage_directives(user: User) -> bool:
    """The centre's own tools (reading directives, the federation's papers, the registry import): the monitor."""
    return user.is_monitor


def can_enter_documents(user: User) -> bool:
    """Enter a document at all: the monitor, or the officer of a unit with units below it (its own ones)."""
    return follows_anything(user)


def assignable_units(user: User) -> QuerySet[Unit]:
    """The units a user may give tasks to: any for the monitor; a following unit's subtree below it."""
    if user.is_monitor:
        return Unit.objects.all()
    unit = followed_unit(user)
    if unit is None:
        return Unit.objects.none()
    return Unit.objects.filter(path__startswith=unit.path).exclude(pk=unit.pk)


def can_coordinate(user: User, task: Task) -> bool:
    """Add a contribution to a task: an officer of a unit named to coordinate it."""
    return (user.is_active and user.role == Role.OFFICER and user.unit_id is not None
            and task.coordinators.filter(pk=user.unit_id).exists())


def can_report_count(user: User, assignment: Assignment) -> bool:
    """Report figures from below (done of total) for an assignment: its unit's officer or the monitor."""
    return can_submit(user, assignment)


def can_manage_registry(user: User) -> bool:
    """Registry changes (merges, splits, dissolutions) move units, assignments and accounts: administrators."""
    return user.is_active and (user.role == Role.ADMIN or user.is_superuser)


def can_view_attachment(user: User, attachment: Attachment) -> bool:
    prefix = _unit_prefix(user)
    if prefix is None:
        return True
    return submissions_visible(user).filter(pk=attachment.submission_id).exists()
