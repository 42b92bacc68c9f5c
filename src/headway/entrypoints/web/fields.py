"""Form fields as typed, read into what the services take: each error names its field, for the page to show
beside it."""

from __future__ import annotations

import math

from headway.domain.errors import ValidationError


def parse_number(text: str, *, field: str, label: str, blank: float | None = None) -> float | None:
    """A number typed in a field ("1,500" too); a blank field gives `blank`."""
    text = text.strip().replace(",", "")
    if not text:
        return blank
    try:
        value = float(text)
    except ValueError:
        raise ValidationError(f"The {label} '{text}' is not a number.", field=field) from None
    if not math.isfinite(value):
        raise ValidationError(f"The {label} must be a finite number.", field=field)
    return value


def plain_number(value: float | None) -> str:
    """A stored number as a form field shows it to be sent back: no separators and no rounding, so saving the
    form untouched changes nothing (1500, 0.25, 85000.5); none is an empty field."""
    if value is None:
        return ""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))
