"""Writes of the notifications app: tell people of an event once, mark read, keep e-mail choices.

`notify` runs inside the transaction of the event it tells of (a review, a new task...): if the event is
rolled back, so is its notification. An event has a key; a person is told of one key once, however often
the caller runs (a retried request, a second worker), because (user, key) is unique.

Who is told is worked out here from the registry and the accounts only (this app sits below directives):
- `unit_contacts`: the officers of a unit or, for a unit without accounts, of the nearest unit above it that
  has officers (the superior union follows its grassroots unions), as the reminders do;
- `reviewers`: the people who review submissions and decide extensions (the monitor; administrators when
  there is no monitor).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from dondoc.accounts.models import Role, User
from dondoc.units.models import Unit

from .models import DIGEST, DIGEST_LABEL, EmailState, Kind, Notification, Preference

# Above this many candidate units, loading every officer at once is cheaper than looking them up by path.
_PATH_LOOKUP_MAX = 2000


@dataclass(frozen=True)
class Note:
    """What one person is told: the same event may read differently for each (their own units)."""

    user: User
    title: str
    body: str = ""
    url: str = ""


def notify(*, kind: str, key: str, notes: Iterable[Note], now: dt.datetime | None = None) -> int:
    """Record the notes of one event (`key`), one per person, skipping people already told of it.

    A note is e-mailed too (through the outbox) when the person has an address and has not turned that kind
    off. Returns the number of notes offered (inactive people are left out)."""
    if kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    by_user: dict[int, Note] = {}
    for note in notes:
        if note.user is not None and note.user.is_active:
            by_user.setdefault(note.user.pk, note)
    if not by_user:
        return 0
    off = dict(Preference.objects.filter(user_id__in=list(by_user)).values_list("user_id", "email_off"))
    now = now or timezone.now()
    rows = [Notification(user_id=pk, kind=kind, key=key[:120], title=note.title[:300], body=note.body,
                         url=note.url[:500], created_at=now,
                         email=EmailState.PENDING if note.user.email and kind not in off.get(pk, ())
                         else EmailState.NONE)
            for pk, note in by_user.items()]
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return len(rows)


def _ancestors_or_self(path: str) -> list[str]:
    """"/a/b/c/" → ["/a/b/c/", "/a/b/", "/a/"]: the unit, then the units above it, nearest first."""
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[:n]) + "/" for n in range(len(parts), 0, -1)]


def _officers_by_path(paths: set[str] | None) -> dict[str, list[User]]:
    people = (User.objects.filter(is_active=True, role=Role.OFFICER, unit__isnull=False)
              .select_related("unit").order_by("pk"))
    found: dict[str, list[User]] = defaultdict(list)
    if paths is None:
        rows: Iterable[User] = people
    else:
        ordered = sorted(paths)
        rows = (u for start in range(0, len(ordered), 500)
                for u in people.filter(unit__path__in=ordered[start:start + 500]))
    for user in rows:
        found[user.unit.path].append(user)
    return found


def unit_contacts(units: Iterable[Unit]) -> dict[int, list[User]]:
    """For each unit, who is told of what concerns it: its officers, or those of the nearest unit above."""
    units = list(units)
    candidates = {p for u in units for p in _ancestors_or_self(u.path)}
    officers = _officers_by_path(None if len(candidates) > _PATH_LOOKUP_MAX else candidates)
    contacts: dict[int, list[User]] = {}
    for unit in units:
        contacts[unit.pk] = next((officers[p] for p in _ancestors_or_self(unit.path) if p in officers), [])
    return contacts


def reviewers(scope: Unit | None = None) -> list[User]:
    """Who reviews submissions and decides extensions: the monitor; administrators if there is none. For a
    unit's own program (`scope`), that unit's officers."""
    if scope is not None:
        return list(User.objects.filter(is_active=True, role=Role.OFFICER, unit=scope).order_by("pk"))
    people = list(User.objects.filter(is_active=True, role=Role.MONITOR).order_by("pk"))
    return people or list(User.objects.filter(is_active=True, role=Role.ADMIN).order_by("pk"))


def mark_read(*, user: User, notification: Notification | None = None) -> int:
    """Mark one of the user's notifications (or all of them) read; returns how many changed."""
    unread: QuerySet[Notification] = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    return unread.update(read_at=timezone.now())


def email_choices() -> list[tuple[str, str]]:
    """Every kind a person may choose to receive by e-mail, in the order the profile page lists them."""
    return [(DIGEST, str(DIGEST_LABEL)), *[(k, str(label)) for k, label in Kind.choices]]


@transaction.atomic
def preference_save(*, user: User, email_on: Iterable[str]) -> Preference:
    """Keep the kinds the person wants by e-mail (stored as the ones turned off, so new kinds come on)."""
    known = [k for k, _label in email_choices()]
    wanted = set(email_on)
    unknown = wanted - set(known)
    if unknown:  # the form offers only known kinds
        raise ValueError(f"unknown notification kinds {sorted(unknown)}")
    preference, _ = Preference.objects.select_for_update().get_or_create(user=user)
    preference.email_off = [k for k in known if k not in wanted]
    preference.save(update_fields=["email_off"])
    return preference


def email_off(user: User) -> set[str]:
    value = Preference.objects.filter(user=user).values_list("email_off", flat=True).first()
    return set(value or ())


def digest_email_off_users() -> set[int]:
    """People who turned off the daily reminder e-mail (the sweep still makes their in-app digest)."""
    rows = Preference.objects.exclude(email_off=[]).values_list("user_id", "email_off")
    return {user_id for user_id, off in rows if DIGEST in (off or ())}
