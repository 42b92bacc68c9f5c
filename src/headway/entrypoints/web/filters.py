"""Template filters: numbers, dates and verdicts in words (never colour alone)."""

from __future__ import annotations

from datetime import date
from typing import Any

VERDICTS = {
    "on_track": "On track",
    "at_risk": "At risk",
    "off_track": "Off track",
    "not_enough_data": "Too early to tell",
    "achieved": "Achieved",
}


def verdict(value: Any) -> str:
    return VERDICTS.get(str(value), str(value).replace("_", " ").capitalize())


def buffer(days: int | None) -> str:
    """'12 days ahead' / '3 days behind' of the straight line to the target."""
    if days is None:
        return ""
    if days == 0:
        return "exactly on the line"
    word = "day" if abs(days) == 1 else "days"
    return f"{abs(days)} {word} {'ahead' if days > 0 else 'behind'}"


def day(value: Any) -> str:
    """2026-11-26 as '26 Nov 2026' (ISO text or a date); '' for none."""
    if value in (None, ""):
        return ""
    found = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return f"{found.day} {found.strftime('%b %Y')}"


def number(value: Any, places: int = 1) -> str:
    """1234.5 as '1,234.5'; whole numbers without decimals."""
    if value is None:
        return "\u2013"  # an en dash: no value
    value = float(value)
    if value.is_integer():
        return f"{int(value):,}"
    return f"{value:,.{places}f}"


def money(value: Any, currency: str = "USD") -> str:
    if value is None:
        return "\u2013"  # an en dash: no value
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(currency, "")
    text = f"{float(value):,.0f}"
    return f"{symbol}{text}" if symbol else f"{text} {currency}"


def percent(fraction: Any) -> float:
    """A fraction as a percentage from 0 to 100 (a bar's width), one decimal."""
    return round(min(max(float(fraction or 0) * 100, 0.0), 100.0), 1)


FILTERS = {"percent": percent, "verdict": verdict, "buffer": buffer, "day": day, "number": number, "money": money}
