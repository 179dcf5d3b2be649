"""Row ids typed by people or programs: checked against the database's integer range before any query."""

# The largest key a row can have (64-bit signed: SQLite's INTEGER, PostgreSQL's bigint).
MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    """The id written in `value` (ASCII digits only, 1..MAX_ID), or None when no row can have it."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1 <= value <= MAX_ID else None
    text = str(value).strip()
    # isascii(): "١٢" (Arabic-Indic digits) passes str.isdigit() and int() but is not an id anyone typed.
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None
