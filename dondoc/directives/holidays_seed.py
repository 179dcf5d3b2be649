"""Vietnam's public holidays from the `holidays` package, as editable calendar rows."""

import holidays


def vietnam_holidays(first_year: int, last_year: int) -> dict:
    return dict(holidays.Vietnam(years=range(first_year, last_year + 1), language="vi").items())
