"""Vietnam's public holidays from the `holidays` package, as editable calendar rows."""

import holidays

FIRST_YEAR, LAST_YEAR = 2015, 2035


def vietnam_holidays(first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR) -> dict:
    return dict(holidays.Vietnam(years=range(first_year, last_year + 1), language="vi").items())


def seed_holidays(holiday_model) -> int:
    """Add the missing public holidays (the data migration and tests use this); returns how many."""
    existing = set(holiday_model.objects.values_list("date", flat=True))
    rows = [holiday_model(date=day, name=name[:200], day_off=True)
            for day, name in sorted(vietnam_holidays().items()) if day not in existing]
    holiday_model.objects.bulk_create(rows)
    return len(rows)
