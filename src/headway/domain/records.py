"""The person's record around their goals: profile, check-ins, investments, revisions and baselines.

Check-ins with their goal entries, investments, baselines and reviews are defined in domain/entries.py and
come from here on first use: the dashboard, which every `headway status` starts, needs none of them, and each frozen
dataclass costs about half a millisecond to create. Import them from here, as the rest of the record.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from headway.domain.errors import ValidationError

if TYPE_CHECKING:  # for the type checker, what __getattr__ below gives
    from headway.domain.entries import Baseline as Baseline  # noqa: PLC0414 re-exported
    from headway.domain.entries import BaselineItem as BaselineItem  # noqa: PLC0414 re-exported
    from headway.domain.entries import CheckIn as CheckIn  # noqa: PLC0414 re-exported
    from headway.domain.entries import GoalEntry as GoalEntry  # noqa: PLC0414 re-exported
    from headway.domain.entries import Investment as Investment  # noqa: PLC0414 re-exported
    from headway.domain.entries import InvestmentCategory as InvestmentCategory  # noqa: PLC0414 re-exported
    from headway.domain.entries import Review as Review  # noqa: PLC0414 re-exported
    from headway.domain.entries import ReviewAnswer as ReviewAnswer  # noqa: PLC0414 re-exported
    from headway.domain.entries import validate_checkin as validate_checkin  # noqa: PLC0414 re-exported
    from headway.domain.entries import validate_investment as validate_investment  # noqa: PLC0414 re-exported

ENTRIES = frozenset(
    {
        "Baseline",
        "BaselineItem",
        "CheckIn",
        "GoalEntry",
        "Investment",
        "InvestmentCategory",
        "Review",
        "ReviewAnswer",
        "validate_checkin",
        "validate_investment",
    }
)


def __getattr__(name: str) -> Any:
    """The names in ENTRIES, from domain/entries.py on first use (PEP 562)."""
    if name in ENTRIES:
        from headway.domain import entries

        return getattr(entries, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


CHECKIN_CADENCES = ("weekly", "fortnightly", "monthly")
REVIEW_CADENCES = ("monthly", "quarterly", "yearly")


@dataclass(frozen=True)
class Profile:
    """The person: who they are, what matters to them, and their rhythms and targets."""

    name: str
    current_role: str = ""
    employer: str = ""
    values: tuple[str, ...] = ()
    currency: str = "USD"
    created_at: datetime | None = None
    id: int | None = None
    checkin_cadence: str = "fortnightly"
    review_cadence: str = "quarterly"
    monthly_target_hours: float | None = None  # the person's own target for time invested each month
    monthly_target_amount: float | None = None
    weekly_capacity_hours: float = 6.0  # hours a week the person can give their plans, for schedules


def validate_profile(profile: Profile) -> Profile:
    if not profile.name.strip():
        raise ValidationError("Your profile needs a name.", field="name")
    currency = profile.currency.strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise ValidationError(
            f"Currency {profile.currency!r} is not a three-letter code such as USD or EUR.", field="currency"
        )
    values = tuple(v.strip() for v in profile.values if v.strip())
    if profile.checkin_cadence not in CHECKIN_CADENCES:
        raise ValidationError(
            f"Check-in rhythm {profile.checkin_cadence!r}: choose {', '.join(CHECKIN_CADENCES)}.", field="checkin"
        )
    if profile.review_cadence not in REVIEW_CADENCES:
        raise ValidationError(
            f"Review rhythm {profile.review_cadence!r}: choose {', '.join(REVIEW_CADENCES)}.", field="review"
        )
    for name, target in (("hours", profile.monthly_target_hours), ("amount", profile.monthly_target_amount)):
        if target is not None and target < 0:
            raise ValidationError(f"The monthly target ({name}) cannot be negative.", field=f"target_{name}")
    if not 0 < profile.weekly_capacity_hours <= 24 * 7:
        raise ValidationError(
            f"{profile.weekly_capacity_hours} hours a week is not a capacity a week can hold.", field="capacity"
        )
    return replace(
        profile,
        name=profile.name.strip(),
        current_role=profile.current_role.strip(),
        employer=profile.employer.strip(),
        values=values,
        currency=currency,
    )


RATING_NAMES = ("fulfilment", "balance", "achievement", "financial")
RATING_LABELS = {
    "fulfilment": "Fulfilment",
    "balance": "Work/life balance",
    "achievement": "Goal achievement",
    "financial": "Financial security",
}


@dataclass(frozen=True)
class Ratings:
    """The four outcomes that matter, each 1-10; None where the person chose not to rate."""

    fulfilment: int | None = None
    balance: int | None = None
    achievement: int | None = None
    financial: int | None = None

    def as_dict(self) -> dict[str, int | None]:
        return {name: getattr(self, name) for name in RATING_NAMES}


@dataclass(frozen=True)
class Revision:
    """One change to a goal or its plan: when, what (before -> after) and why."""

    goal_id: int
    at: datetime
    field: str
    before: str
    after: str
    reason: str = ""
    task_id: int | None = None
    id: int | None = None


@dataclass(frozen=True)
class SeriesPoint:
    """One reading of a goal from a check-in: the measure's value, the progress then, the confidence."""

    on: date
    value: float | None
    progress: float | None
    confidence: int | None
