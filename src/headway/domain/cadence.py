"""The rhythm of check-ins and reviews: when the next one is due, whether maintenance is due, and the streak.

Rules, chosen so that a person can predict them:

- Weekly and fortnightly check-ins fall due 7 or 14 days after the latest check-in.
- Monthly check-ins are anchored on the day of the month of the first check-in (before any, of the day the
  profile was created): the next is due on that day in the month after the latest check-in's month, clamped
  to the month's length. Anchored on the 31st: Jan 31 -> Feb 28 (Feb 29 in a leap year) -> Mar 31 -> Apr 30.
- Before the first check-in, the first is due one rhythm after the profile was created.
- Maintenance is due once today is past the due date; on the due date itself the check-in is on time.
- Several check-ins on one day count as one. A check-in is on time when it comes on or before the date the
  check-in before it set (the first: the date the profile's start set). The streak counts the on-time
  check-ins in a row up to the latest; a late one resets it to 0, and so does an overdue one not yet made.
  The streak is judged by the current rhythm: the record keeps no history of rhythm changes.
- Reviews fall due one review rhythm (1, 3 or 12 months, clamped like the monthly check-in) after the last
  review, or after the profile was created; a review is due on that day and every day after it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from headway.domain.records import Profile

CHECKIN_DAYS = {"weekly": 7, "fortnightly": 14}
REVIEW_MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}


def add_months(day: date, months: int, anchor_day: int | None = None) -> date:
    """`months` calendar months after `day`, on `anchor_day` (default: day's own), clamped to the month's end."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = days_in_month(year, month + 1)
    return date(year, month + 1, min(anchor_day or day.day, last))


def days_in_month(year: int, month: int) -> int:
    """calendar.monthrange(year, month)[1], from datetime alone: the calendar module loads locale, which the
    dashboard's start-up would pay for this one number."""
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def next_due(last: date | None, cadence: str, anchor: date) -> date:
    """When the next check-in is due, given the latest one (None before any) and the rhythm's anchor.

    `anchor` is the first check-in's date, or the profile's start before any check-in; only the monthly
    rhythm uses its day of the month.
    """
    start = anchor if last is None else last
    if cadence in CHECKIN_DAYS:
        return start + timedelta(days=CHECKIN_DAYS[cadence])
    if cadence == "monthly":
        return add_months(start, 1, anchor.day)
    raise ValueError(f"unknown check-in rhythm {cadence!r}")


def next_review(last_review: date | None, cadence: str, started: date) -> date:
    """When the next review is due: one review rhythm after the last review, or after the start."""
    if cadence not in REVIEW_MONTHS:
        raise ValueError(f"unknown review rhythm {cadence!r}")
    return add_months(last_review or started, REVIEW_MONTHS[cadence])


@dataclass(frozen=True)
class Streaks:
    """How regularly the person checked in: streaks of on-time check-ins, and how many were on time."""

    current: int
    longest: int
    on_time: int  # check-in days that came on or before their due date
    counted: int  # check-in days, several on one day counting as one


def streaks(days: Iterable[date], cadence: str, started: date) -> Streaks:
    """On-time check-ins in a row, judged against the due date each one's predecessor set."""
    ordered = sorted(set(days))
    anchor = ordered[0] if ordered else started
    current = longest = on_time = 0
    previous: date | None = None
    for day in ordered:
        due = next_due(previous, cadence, started if previous is None else anchor)
        if day <= due:
            current += 1
            on_time += 1
            longest = max(longest, current)
        else:
            current = 0
        previous = day
    return Streaks(current=current, longest=longest, on_time=on_time, counted=len(ordered))


@dataclass(frozen=True)
class CadenceState:
    """Where the person stands with their rhythm today."""

    today: date
    checkin_cadence: str
    review_cadence: str
    last_checkin: date | None
    next_due: date
    maintenance_due: bool  # today is past the due date: the check-in is overdue
    days_overdue: int  # 0 unless maintenance is due
    current_streak: int  # on-time check-ins in a row, 0 once one is late or overdue
    longest_streak: int
    on_time: int
    checkins: int
    last_review: date | None
    next_review_due: date
    review_due: bool  # the next check-in asks the review questions
    weekly_capacity_hours: float

    @property
    def days_until_due(self) -> int:
        """Days from today to the due date: negative when overdue, 0 on the day."""
        return (self.next_due - self.today).days


def cadence_state(
    checkin_days: Iterable[date], last_review: date | None, profile: Profile, today: date
) -> CadenceState:
    """The rhythm's state from every check-in date, the last review's date and the profile's rhythms."""
    days = sorted(set(checkin_days))
    started = profile.created_at.date() if profile.created_at is not None else today
    last = days[-1] if days else None
    anchor = days[0] if days else started
    due = next_due(last, profile.checkin_cadence, anchor)
    overdue = max(0, (today - due).days)
    counted = streaks(days, profile.checkin_cadence, started)
    review = next_review(last_review, profile.review_cadence, started)
    return CadenceState(
        today=today,
        checkin_cadence=profile.checkin_cadence,
        review_cadence=profile.review_cadence,
        last_checkin=last,
        next_due=due,
        maintenance_due=overdue > 0,
        days_overdue=overdue,
        current_streak=0 if overdue else counted.current,
        longest_streak=counted.longest,
        on_time=counted.on_time,
        checkins=counted.counted,
        last_review=last_review,
        next_review_due=review,
        review_due=today >= review,
        weekly_capacity_hours=profile.weekly_capacity_hours,
    )
