"""Dates as people type them: ISO 8601, or phrases such as 'in 6 weeks' and 'next friday'."""

from __future__ import annotations

import re
from datetime import date, datetime

from headway.domain.dates import parse_iso_date
from headway.domain.errors import ValidationError

_ISO_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_user_date(text: str, today: date, *, field: str = "date", past: bool = False) -> date:
    """ISO first (no import needed); otherwise dateparser, relative to today.

    A plan's dates prefer the future ("friday" is the coming one); a logged event's prefer the past.
    """
    value = text.strip()
    if _ISO_SHAPE.fullmatch(value):  # not merely 10 characters from a digit: '3 days ago' is a phrase
        return parse_iso_date(value, field=field)
    if value.lower() == "today":
        return today
    import dateparser  # costs ~100 ms, so only for the phrases that need it

    parsed = dateparser.parse(
        value,
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime(today.year, today.month, today.day),  # noqa: DTZ001 dateparser works in naive local time
            "PREFER_DATES_FROM": "past" if past else "future",
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    if parsed is None:
        raise ValidationError(
            f"{field.replace('_', ' ')}: {text!r} is not a date Headway understands.",
            field=field,
            hint="Use YYYY-MM-DD (for example 2027-06-30) or a phrase such as 'in 6 weeks' or 'next friday'.",
        )
    return parsed.date()
