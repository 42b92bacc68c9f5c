"""Text and --json for `headway cadence`, `headway invest report` and `headway balance` (docs/json.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from headway.domain.balance import Balance, Dimension
from headway.domain.cadence import CadenceState
from headway.domain.goals import format_number
from headway.domain.ledger import Ledger, Totals
from headway.entrypoints.cli.jsonout import emit, iso
from headway.entrypoints.cli.render import bar, table

HISTORY_SHOWN = 12  # ratings per dimension in the text chart
MONTHS_SHOWN = 12


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _in_days(n: int) -> str:
    return "today" if n == 0 else f"in {_plural(n, 'day')}"


# Cadence


def print_cadence(state: CadenceState) -> None:
    print(f"Check-ins: {state.checkin_cadence}")
    lead = f"last on {state.last_checkin}; the next" if state.last_checkin else "no check-in yet; the first"
    if state.maintenance_due:
        overdue = _plural(state.days_overdue, "day")
        print(f"  {lead} was due {state.next_due}: maintenance due, {overdue} overdue. Run: headway checkin")
    else:
        print(f"  {lead} is due {state.next_due} ({_in_days(state.days_until_due)})")
    if state.checkins:
        print(
            f"  on-time streak: {state.current_streak} (longest {state.longest_streak}); "
            f"{state.on_time} of {_plural(state.checkins, 'check-in')} on time"
        )
    print(f"Reviews: {state.review_cadence}")
    last = f"last on {state.last_review}" if state.last_review else "none yet"
    if state.review_due:
        print(f"  {last}; due since {state.next_review_due}: the next headway checkin asks the review questions")
    else:
        print(f"  {last}; the next is due {state.next_review_due}")
    print(f"Capacity: {format_number(state.weekly_capacity_hours)} h a week for your plans")


def cadence_json(state: CadenceState) -> None:
    emit("cadence", cadence_payload(state))


def cadence_payload(state: CadenceState) -> dict[str, Any]:
    """The `cadence` document's fields (the CLI's --json and the API's GET /cadence)."""
    return {
        "today": iso(state.today),
        "checkin": {
            "rhythm": state.checkin_cadence,
            "last": iso(state.last_checkin),
            "next_due": iso(state.next_due),
            "days_until_due": state.days_until_due,
            "maintenance_due": state.maintenance_due,
            "days_overdue": state.days_overdue,
            "current_streak": state.current_streak,
            "longest_streak": state.longest_streak,
            "on_time": state.on_time,
            "checkins": state.checkins,
        },
        "review": {
            "rhythm": state.review_cadence,
            "last": iso(state.last_review),
            "next_due": iso(state.next_review_due),
            "due": state.review_due,
        },
        "weekly_capacity_hours": state.weekly_capacity_hours,
    }


# The ledger


def money(amounts: Mapping[str, float]) -> str:
    """Per currency, never added together: '1,250 USD, 49 EUR'; '-' when none."""
    return ", ".join(f"{format_number(v)} {c}" for c, v in sorted(amounts.items())) or "-"


def hours(value: float) -> str:
    return f"{format_number(round(value, 2))} h"


def print_ledger(book: Ledger) -> None:
    print(f"Investment ledger, {book.today}")
    if book.first_on is None:
        print("No investments yet. Log one: headway invest course --hours 2 --note 'Negotiation, module 1'")
        return
    month = book.this_month
    print(f"This month ({month.month}): {hours(month.totals.hours)}; {money(month.totals.amounts)}")
    targets = []
    if month.target_hours and month.hours_share is not None:
        targets.append((hours(month.target_hours), month.hours_share))
    if month.target_amount and month.amount_share is not None:
        targets.append((f"{format_number(month.target_amount)} {month.currency}", month.amount_share))
    rows = [[f"target {what}", f"[{bar(share)}] {round(share * 100)}%"] for what, share in targets]
    for line in table(rows, indent="  "):
        print(line)
    if not targets:
        print("  no monthly target yet: headway invest target --hours 8")
    print(f"Total since {book.first_on}: {hours(book.total.hours)}; {money(book.total.amounts)}")
    r = book.regularity
    percent = f" ({round(r.share * 100)}%)" if r.share is not None else ""
    print(
        f"Regularity: a deposit in {r.weeks_with_deposit} of {_plural(r.weeks, 'week')}{percent}; "
        f"{_plural(r.current_streak, 'week')} in a row now, longest {r.longest_streak}"
    )
    print()
    months = book.by_month[-MONTHS_SHOWN:]
    peak = max((m.totals.hours for m in months), default=0.0) or 1.0
    print("By month (hours, and the running total)")
    rows = [
        [m.month, f"[{bar(m.totals.hours / peak, 10)}]", hours(m.totals.hours), hours(m.cumulative.hours)]
        for m in months
    ]
    for line in table(rows, indent="  "):
        print(line)
    print()
    print("By category")
    for line in table([[p.key, hours(p.totals.hours), money(p.totals.amounts)] for p in book.by_category], indent="  "):
        print(line)
    print()
    print("By goal, with the progress gained since the first investment in it")
    goal_rows = []
    for g in book.by_goal:
        name = f"#{g.goal_id} {g.title}" if g.goal_id is not None else "(no particular goal)"
        gained = g.points_gained
        if g.goal_id is None:
            result = ""
        elif gained is None:
            result = "no progress readings yet"
        else:
            per_hour = f", {format_number(g.points_per_hour)} points/h" if g.points_per_hour is not None else ""
            result = f"{gained:+.1f} points since {g.first_on}{per_hour}"
        goal_rows.append([name, hours(g.totals.hours), money(g.totals.amounts), result])
    for line in table(goal_rows, indent="  "):
        print(line)


def _totals(totals: Totals) -> dict[str, Any]:
    return {"hours": round(totals.hours, 4), "amounts": _amounts(totals.amounts)}


def _amounts(amounts: Mapping[str, float]) -> dict[str, float]:
    return {c: round(v, 4) for c, v in sorted(amounts.items())}


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def ledger_json(book: Ledger) -> None:
    emit("ledger", ledger_payload(book))


def ledger_payload(book: Ledger) -> dict[str, Any]:
    """The `ledger` document's fields (`invest report|target --json`, the API's GET /ledger)."""
    month = book.this_month
    r = book.regularity
    return {
        "today": iso(book.today),
        "currency": book.currency,
        "first_date": iso(book.first_on),
        "total": _totals(book.total),
        "this_month": {
            "month": month.month,
            **_totals(month.totals),
            "target_hours": month.target_hours,
            "target_amount": month.target_amount,
            "hours_share": _share(month.hours_share),
            "amount_share": _share(month.amount_share),
        },
        "regularity": {
            "weeks": r.weeks,
            "weeks_with_deposit": r.weeks_with_deposit,
            "share": _share(r.share),
            "current_streak": r.current_streak,
            "longest_streak": r.longest_streak,
        },
        "by_week": [{"week": p.key, "start": iso(p.start), **_totals(p.totals)} for p in book.by_week],
        "by_month": [
            {
                "month": m.month,
                **_totals(m.totals),
                "cumulative_hours": round(m.cumulative.hours, 4),
                "cumulative_amounts": _amounts(m.cumulative.amounts),
            }
            for m in book.by_month
        ],
        "by_category": [{"category": p.key, **_totals(p.totals)} for p in book.by_category],
        "by_goal": [
            {
                "goal": None if g.goal_id is None else {"id": g.goal_id, "title": g.title},
                **_totals(g.totals),
                "first_date": iso(g.first_on),
                "progress_then": g.progress_then,
                "progress_now": g.progress_now,
                "points_gained": g.points_gained,
                "points_per_hour": g.points_per_hour,
            }
            for g in book.by_goal
        ],
    }


# Balance


def _trend_text(d: Dimension) -> str:
    if d.trend is None or d.slope_per_month is None:
        return "trend: not yet"
    return f"{d.trend} ({d.slope_per_month:+.1f}/month)"


def print_balance(result: Balance) -> None:
    rated = [d for d in result.dimensions if d.series]
    if not rated:
        print("No ratings yet: headway checkin asks for four ratings from 1 to 10.")
        return
    first = min(d.series[0].on for d in rated)
    last = max(d.series[-1].on for d in rated)
    print(
        f"Balance: {_plural(result.checkins, 'rated check-in')}, {first} to {last}; "
        f"trends over the last {result.window}"
    )
    if result.last_review:
        print(f"Changes are since the last review, on {result.last_review}.")
    weakest = result.weakest
    width = max(len(d.label) for d in result.dimensions)
    for d in result.dimensions:
        print()
        if d.latest is None:
            print(f"  {d.label.ljust(width)}  not rated yet")
            continue
        change = d.change_since_review
        since = "" if change is None else f"  {change:+d} since the review" if change else "  same as at the review"
        mark = "  <- weakest" if weakest is not None and d.name == weakest.name else ""
        value = str(d.latest.value).rjust(2)
        print(f"  {d.label.ljust(width)}  [{bar(d.latest.value / 10, 10)}] {value}  {_trend_text(d)}{since}{mark}")
        print(f"  {''.ljust(width)}  {' '.join(str(r.value) for r in d.series[-HISTORY_SHOWN:])}")
    falls = result.fell_by(3)
    if falls:
        print()
        for f in falls:
            print(f"{f.label} fell by {f.points} points, from {f.before.value} on {f.before.on} to {f.latest.value}.")


def balance_json(result: Balance) -> None:
    emit("balance", balance_payload(result))


def balance_payload(result: Balance) -> dict[str, Any]:
    """The `balance` document's fields (the CLI's --json and the API's GET /balance)."""
    weakest = result.weakest
    return {
        "today": iso(result.today),
        "window": result.window,
        "checkins": result.checkins,
        "last_review": iso(result.last_review),
        "weakest": weakest.name if weakest else None,
        "dimensions": [
            {
                "name": d.name,
                "label": d.label,
                "latest": d.latest.value if d.latest else None,
                "latest_date": iso(d.latest.on) if d.latest else None,
                "recent_average": None if d.recent_average is None else round(d.recent_average, 4),
                "slope_per_month": None if d.slope_per_month is None else round(d.slope_per_month, 4),
                "trend": d.trend,
                "at_last_review": d.at_last_review.value if d.at_last_review else None,
                "change_since_review": d.change_since_review,
                "series": [{"date": iso(r.on), "value": r.value} for r in d.series],
            }
            for d in result.dimensions
        ],
        "falls": [
            {
                "dimension": f.dimension,
                "before": f.before.value,
                "before_date": iso(f.before.on),
                "latest": f.latest.value,
                "latest_date": iso(f.latest.on),
                "points": f.points,
            }
            for f in result.fell_by(3)
        ],
    }
