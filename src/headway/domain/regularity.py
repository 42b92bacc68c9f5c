"""Regularity of the investment habit: in how many weeks the person put something in, and how many in a row.

Weeks are ISO weeks (Monday to Sunday). Regularity counts the weeks from the first deposit's week to this week;
the week in progress counts once it has a deposit, so a Tuesday without one yet does not lower the share or
break the streak. Part of the ledger (domain/ledger.py), kept apart so the dashboard can have it alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


def week_start(day: date) -> date:
    """The Monday of the ISO week `day` falls in."""
    return day - timedelta(days=day.weekday())


def week_key(day: date) -> str:
    """The ISO week, as 2026-W48."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


@dataclass(frozen=True)
class Regularity:
    """In how many weeks the person made a deposit, and the streaks of them."""

    weeks: int  # from the first deposit's week to this week (this week only once it has a deposit)
    weeks_with_deposit: int
    current_streak: int  # weeks in a row with a deposit, up to this week (or last week, while this has none)
    longest_streak: int

    @property
    def share(self) -> float | None:
        return self.weeks_with_deposit / self.weeks if self.weeks else None


def regularity(days: Iterable[date], today: date) -> Regularity:
    weeks = {week_start(d) for d in days if d <= today}
    if not weeks:
        return Regularity(0, 0, 0, 0)
    this_week = week_start(today)
    last_counted = this_week if this_week in weeks else this_week - timedelta(weeks=1)
    span = (last_counted - min(weeks)).days // 7 + 1
    longest = run = 0
    monday = min(weeks)
    while monday <= last_counted:
        run = run + 1 if monday in weeks else 0
        longest = max(longest, run)
        monday += timedelta(weeks=1)
    return Regularity(weeks=span, weeks_with_deposit=len(weeks), current_streak=run, longest_streak=longest)
