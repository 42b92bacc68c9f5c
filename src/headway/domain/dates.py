"""Date helpers shared by the domain rules."""

from __future__ import annotations

from datetime import date


def parse_iso_date(value: str, *, field: str) -> date:
    """Parse an ISO 8601 calendar date (YYYY-MM-DD) or raise a ValidationError naming the field."""
    from headway.domain.errors import ValidationError

    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError(
            f"{field}: {value!r} is not a date.",
            field=field,
            hint="Use YYYY-MM-DD (for example 2027-06-30) or a phrase such as 'in 6 weeks' or 'next friday'.",
        ) from None


def month_key(day: date) -> str:
    """The calendar month a day falls in, as YYYY-MM."""
    return f"{day.year:04d}-{day.month:02d}"


def months_between(first: date, last: date) -> int:
    """Whole calendar months from first's month to last's month, counting both ends."""
    return (last.year - first.year) * 12 + (last.month - first.month) + 1
