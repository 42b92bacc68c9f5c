"""The dashboard's figures, worked out from what the repository gathered."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from headway.domain.dates import month_key, months_between


@dataclass(frozen=True)
class InvestmentPace:
    """Time and money invested this month, against the average month before it."""

    this_month_hours: float
    this_month_amount: float
    monthly_average_hours: float | None  # over the full months before this one since the first deposit
    months_counted: int


def investment_pace(
    hours_by_month: Mapping[str, float], amount_by_month: Mapping[str, float], today: date
) -> InvestmentPace:
    """This month's hours against the average month before it, counting months with no deposit as zero."""
    current = month_key(today)
    earlier = sorted(m for m in hours_by_month if m < current)
    average: float | None = None
    months = 0
    if earlier:
        first = date.fromisoformat(earlier[0] + "-01")
        months = months_between(first, today) - 1  # full months before this one
        average = sum(hours_by_month[m] for m in earlier) / months
    return InvestmentPace(
        this_month_hours=hours_by_month.get(current, 0.0),
        this_month_amount=amount_by_month.get(current, 0.0),
        monthly_average_hours=average,
        months_counted=months,
    )


def days_since(day: date | None, today: date) -> int | None:
    return None if day is None else (today - day).days
