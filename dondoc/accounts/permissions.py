"""One permission helper per object type, used by every page, command and API view.

The monitor (and administrators) see and change everything; leaders read everything; a unit officer sees
and submits for their own unit and the units below it. Objects out of reach answer 404, never 403, so
that their existence is not disclosed.
"""

from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404

from dondoc.directives.models import Assignment, Document, Task
from dondoc.submissions.models import Attachment, Submission
from dondoc.units.models import Unit

from .models import Role, User


def _unit_prefix(user: User) -> str | None:
    """The path under which an officer may act; None when the user reads everything."""
    if user.reads_everything:
        return None
    if user.is_active and user.role == Role.OFFICER and user.unit_id:
        return user.unit.path
    return "\x00no-access"


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


def assignments_visible(user: User) -> QuerySet[Assignment]:
    prefix = _unit_prefix(user)
    qs = Assignment.objects.all()
    return qs if prefix is None else qs.filter(unit_id__in=_subtree_ids(prefix))


def documents_visible(user: User) -> QuerySet[Document]:
    prefix = _unit_prefix(user)
    if prefix is None:
        return Document.objects.all()
    units = _subtree_ids(prefix)
    given = Task.objects.filter(pk__in=Assignment.objects.filter(unit_id__in=units).values("task_id"))
    return Document.objects.filter(Q(pk__in=given.values("document_id")) | Q(issuer_id__in=units))


def tasks_visible(user: User) -> QuerySet[Task]:
    prefix = _unit_prefix(user)
    if prefix is None:
        return Task.objects.all()
    return Task.objects.filter(pk__in=Assignment.objects.filter(unit_id__in=_subtree_ids(prefix)).values("task_id"))


def submissions_visible(user: User) -> QuerySet[Submission]:
    prefix = _unit_prefix(user)
    qs = Submission.objects.all()
    return qs if prefix is None else qs.filter(assignment__unit__path__startswith=prefix)


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


def can_review(user: User) -> bool:
    return user.is_monitor


def can_manage_directives(user: User) -> bool:
    return user.is_monitor


def can_manage_registry(user: User) -> bool:
    """Registry changes (merges, splits, dissolutions) move units, assignments and accounts: administrators."""
    return user.is_active and (user.role == Role.ADMIN or user.is_superuser)


def can_view_attachment(user: User, attachment: Attachment) -> bool:
    prefix = _unit_prefix(user)
    return prefix is None or attachment.submission.assignment.unit.path.startswith(prefix)
