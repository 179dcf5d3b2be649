"""Settings of the reminders app: Django settings first, then environment variables, then defaults."""

import os

from django.conf import settings


def _get(name: str, default: str) -> str:
    return str(getattr(settings, name, os.environ.get(name, default)))


def lease_seconds() -> float:
    """How long a claimed e-mail stays reserved for its worker; must exceed the SMTP timeout."""
    return float(_get("REMINDERS_LEASE_SECONDS", "300"))


def smtp_timeout() -> float:
    """Per socket operation; a send is about six of them (connect, EHLO, MAIL, RCPT, DATA, end of data), so
    the whole exchange ends before the lease does and no other worker can take the message meanwhile."""
    return min(float(_get("REMINDERS_SMTP_TIMEOUT", "30")), lease_seconds() / 6)


def retry_base_seconds() -> float:
    return float(_get("REMINDERS_RETRY_BASE_SECONDS", "60"))


def retry_max_seconds() -> float:
    return float(_get("REMINDERS_RETRY_MAX_SECONDS", str(6 * 3600)))


def max_attempts() -> int:
    return int(_get("REMINDERS_MAX_ATTEMPTS", "8"))


def sweep_hour() -> int:
    """Local hour from which the worker runs the day's sweep."""
    return int(_get("REMINDERS_SWEEP_HOUR", "7"))


def message_id_domain() -> str:
    return _get("REMINDERS_MESSAGE_ID_DOMAIN", "dondoc.local")
