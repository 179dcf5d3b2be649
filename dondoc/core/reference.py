"""Reference data the migrations seed — the public-holiday calendar and the default reminder rules — put back
after anything that empties the tables (`demo --reset`, a flush, `restore` of an archive without them)."""

from django.db import transaction


@transaction.atomic
def reference_data_ensure() -> dict[str, int]:
    """Add what is missing; never changes what an administrator edited. Returns the rows added."""
    from dondoc.directives.holidays_seed import seed_holidays
    from dondoc.directives.models import Holiday
    from dondoc.reminders.services import rules_defaults_ensure

    holidays = seed_holidays(Holiday) if not Holiday.objects.exists() else 0
    return {"holidays": holidays, "reminder_rules": rules_defaults_ensure()}
