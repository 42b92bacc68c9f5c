"""Check-ins with their goal entries, investments, baselines and reviews: part of the person's record
(domain/records.py, which gives these names too), kept apart so that the dashboard's start-up does not create
them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from headway.domain.errors import ValidationError
from headway.domain.records import RATING_LABELS, Ratings


@dataclass(frozen=True)
class GoalEntry:
    """What a check-in says about one goal."""

    goal_id: int
    value: float | None = None  # the measure's new value, for a numeric goal
    progress: float | None = None  # progress (0-1) at the time of the check-in, kept for the record
    confidence: int | None = None  # 1-5: how sure the person is of reaching the goal on time
    went_well: str = ""
    obstacles: str = ""
    next_step: str = ""


@dataclass(frozen=True)
class CheckIn:
    person_id: int
    on: date
    ratings: Ratings = Ratings()  # noqa: RUF009 a frozen dataclass: sharing one default is safe
    note: str = ""
    entries: tuple[GoalEntry, ...] = ()
    created_at: datetime | None = None
    id: int | None = None


def validate_checkin(checkin: CheckIn, today: date) -> CheckIn:
    if checkin.on > today:
        raise ValidationError(f"A check-in cannot be dated in the future ({checkin.on}).", field="date")
    for name, value in checkin.ratings.as_dict().items():
        if value is not None and not 1 <= value <= 10:
            raise ValidationError(f"{RATING_LABELS[name]} is rated {value}; ratings go from 1 to 10.", field=name)
    seen: set[int] = set()
    for entry in checkin.entries:
        if entry.goal_id in seen:
            raise ValidationError(f"Goal #{entry.goal_id} appears twice in one check-in.", field="goals")
        seen.add(entry.goal_id)
        if entry.confidence is not None and not 1 <= entry.confidence <= 5:
            raise ValidationError(
                f"Confidence for goal #{entry.goal_id} is {entry.confidence}; it goes from 1 to 5.",
                field="confidence",
            )
    return checkin


class InvestmentCategory(StrEnum):
    COURSE = "course"
    READING = "reading"
    MENTORING = "mentoring"
    NETWORKING = "networking"
    PRACTICE = "practice"
    CREDENTIAL = "credential"


@dataclass(frozen=True)
class Investment:
    """Time and/or money put into career development: a deposit in the career piggy bank."""

    person_id: int
    on: date
    category: InvestmentCategory
    hours: float = 0.0
    amount: float = 0.0
    currency: str = "USD"
    goal_id: int | None = None
    note: str = ""
    id: int | None = None


def validate_investment(investment: Investment, today: date) -> Investment:
    if investment.hours < 0 or investment.amount < 0:
        raise ValidationError("Hours and money invested cannot be negative.", field="hours")
    if investment.hours == 0 and investment.amount == 0:
        raise ValidationError(
            "An investment needs time, money or both.",
            field="hours",
            hint="Add --hours 2 for two hours, --amount 49 for money spent, or both.",
        )
    if investment.hours > 24 * 31:
        raise ValidationError(f"{investment.hours} hours is more than a month holds.", field="hours")
    if investment.on > today:
        raise ValidationError(f"An investment cannot be dated in the future ({investment.on}).", field="date")
    if len(investment.currency) != 3 or not investment.currency.isalpha():
        raise ValidationError(
            f"Currency {investment.currency!r} is not a three-letter code such as USD or EUR.", field="currency"
        )
    return investment


@dataclass(frozen=True)
class BaselineItem:
    task_id: int
    title: str
    planned_start: date | None
    due: date | None
    effort_hours: float | None


@dataclass(frozen=True)
class Baseline:
    """The plan as it stood when the person saved it, to compare later plans against."""

    goal_id: int
    taken_at: datetime
    label: str = ""
    target_date: date | None = None
    items: tuple[BaselineItem, ...] = field(default_factory=tuple)
    id: int | None = None


@dataclass(frozen=True)
class ReviewAnswer:
    """The course-correction questions for one goal; None where the person did not answer."""

    goal_id: int
    still_right: bool | None = None
    still_aligned: bool | None = None
    still_realistic: bool | None = None
    note: str = ""


@dataclass(frozen=True)
class Review:
    """A periodic review: the course-correction answers for each goal, and a note."""

    person_id: int
    on: date
    answers: tuple[ReviewAnswer, ...] = ()
    note: str = ""
    created_at: datetime | None = None
    id: int | None = None
