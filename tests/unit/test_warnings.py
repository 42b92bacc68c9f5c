"""Early warnings: each rule fires on the situation it names, says why, and suggests a next step."""

from __future__ import annotations

from datetime import date, timedelta

from headway.domain.records import Ratings, SeriesPoint
from headway.domain.warnings import EarlyWarning, GoalSignals, balance_warnings, goal_warnings

TODAY = date(2026, 11, 25)


def signals(**changes: object) -> GoalSignals:
    base: dict[str, object] = {
        "goal_id": 2,
        "title": "Become a sales manager",
        "start_date": date(2026, 1, 1),
        "target_date": date(2028, 12, 31),
        "progress": 0.4,
        "open_tasks": 3,
        "due_soon": 1,
    }
    base.update(changes)
    return GoalSignals(**base)  # type: ignore[arg-type]


def readings(*progress: float, confidence: list[int] | None = None, every: int = 14) -> list[SeriesPoint]:
    """Check-in readings ending last week, `every` days apart."""
    start = TODAY - timedelta(days=7 + every * (len(progress) - 1))
    conf = confidence or [4] * len(progress)
    return [SeriesPoint(start + timedelta(days=every * i), None, p, conf[i]) for i, p in enumerate(progress)]


def kinds(found: list[EarlyWarning]) -> list[str]:
    return [w.kind for w in found]


def test_a_goal_on_the_move_raises_nothing() -> None:
    assert goal_warnings(signals(readings=readings(0.30, 0.34, 0.38, 0.40)), TODAY) == []


def test_no_progress_across_three_check_ins_is_a_stall_with_a_next_step() -> None:
    [warning] = goal_warnings(signals(readings=readings(0.30, 0.40, 0.40, 0.40)), TODAY)
    assert warning.kind == "stalled"
    assert "last 3 check-ins" in warning.why
    assert "headway goal status #2 paused" in warning.next_step


def test_no_progress_in_six_weeks_is_a_stall_even_with_rare_check_ins() -> None:
    found = goal_warnings(signals(readings=readings(0.2, 0.4, 0.4, every=45)), TODAY)
    assert kinds(found) == ["stalled"]
    assert "6 weeks" in found[0].why


def test_a_goal_started_recently_is_not_called_stalled() -> None:
    young = signals(start_date=TODAY - timedelta(days=20), readings=readings(0.0, 0.0, 0.0, every=5))
    assert goal_warnings(young, TODAY) == []


def test_confidence_falling_three_times_running() -> None:
    found = goal_warnings(signals(readings=readings(0.1, 0.2, 0.3, confidence=[5, 3, 2])), TODAY)
    assert kinds(found) == ["confidence_falling"]
    assert "5 -> 3 -> 2" in found[0].why
    steady = goal_warnings(signals(readings=readings(0.1, 0.2, 0.3, confidence=[4, 3, 3])), TODAY)
    assert steady == []


def test_overdue_milestones_point_to_replan() -> None:
    found = goal_warnings(signals(overdue=2, overdue_milestones=2), TODAY)
    assert kinds(found) == ["overdue_milestones"]
    assert "2 milestones are overdue" in found[0].why
    assert "headway replan #2" in found[0].next_step


def test_a_plan_that_cannot_finish_by_the_target_says_by_how_much() -> None:
    found = goal_warnings(signals(target_date=date(2027, 3, 1), feasible_finish=date(2027, 3, 31)), TODAY)
    assert kinds(found) == ["plan_too_long"]
    assert "30 days after its target 2027-03-01" in found[0].why


def test_open_work_with_nothing_due_soon_asks_for_the_next_step() -> None:
    found = goal_warnings(signals(due_soon=0), TODAY)
    assert kinds(found) == ["nothing_planned"]
    assert "next 30 days" in found[0].why
    assert goal_warnings(signals(due_soon=0, open_tasks=0), TODAY) == []
    assert goal_warnings(signals(due_soon=0, overdue=1), TODAY) == []  # the overdue task is the next step


def test_a_rating_that_fell_by_three_is_flagged_and_two_is_not() -> None:
    history = [
        (date(2026, 10, 28), Ratings(fulfilment=7, balance=8, achievement=6, financial=5)),
        (date(2026, 11, 11), Ratings(fulfilment=5, balance=5, achievement=6, financial=None)),
    ]
    [warning] = balance_warnings(history, TODAY)
    assert warning.kind == "balance_fell"
    assert warning.why == "Work/life balance fell from 8 to 5 at your check-in of 2026-11-11."
    assert balance_warnings(history[:1], TODAY) == []
