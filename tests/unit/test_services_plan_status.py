"""Baselines and the plan against them, and the dashboard's figures, on the in-memory store."""

from __future__ import annotations

from datetime import date, timedelta

from headway.domain.goals import GoalStatus
from headway.domain.records import GoalEntry, InvestmentCategory, Ratings
from headway.domain.tasks import TaskStatus
from headway.services.goals import set_goal_status
from headway.services.plan import goal_history, plan_view, save_baseline
from headway.services.record import log_investment, record_checkin
from headway.services.status import dashboard
from headway.services.tasks import complete_task, edit_task
from tests.unit.fakes import FakeUnitOfWork
from tests.unit.helpers import NOW, TODAY, goal, ref, task

# --- baselines ---------------------------------------------------------------------------------------------


def test_the_plan_shows_how_far_each_task_slipped_since_the_baseline(uow: FakeUnitOfWork) -> None:
    manager = ref(goal(uow, "Become a sales manager"))
    task(uow, manager, "Leadership course", due=date(2026, 6, 1))
    task(uow, manager, "Shadow the regional manager", due=date(2026, 9, 1))
    task(uow, manager, "Complete a part-time MBA", due=date(2028, 6, 1), effort=600)
    baseline = save_baseline(uow, manager, label=" agreed with my manager ", now=NOW)
    assert (baseline.label, baseline.target_date, len(baseline.items)) == (
        "agreed with my manager",
        date(2028, 12, 31),
        3,
    )

    edit_task(uow, "Shadow", {"due": date(2026, 9, 15)}, reason="The regional manager is away in August", now=NOW)
    edit_task(uow, "MBA", {"status": TaskStatus.DROPPED}, reason="Two years of evenings", now=NOW)
    task(uow, manager, "Ask my VP for a conversation", due=date(2026, 12, 5))

    view = plan_view(uow, manager)
    assert [(r.task.title, r.slip_days) for r in view.rows] == [
        ("Leadership course", 0),
        ("Shadow the regional manager", 14),
        ("Ask my VP for a conversation", None),  # not in the baseline
    ]
    assert [item.title for item in view.dropped_since_baseline] == ["Complete a part-time MBA"]
    assert view.baseline is not None
    assert view.baseline.label == "agreed with my manager"


def test_a_baseline_leaves_dropped_tasks_out_and_is_noted_in_the_history(uow: FakeUnitOfWork) -> None:
    manager = ref(goal(uow, "Become a sales manager"))
    task(uow, manager, "Leadership course", due=date(2026, 6, 1))
    task(uow, manager, "Complete a part-time MBA")
    edit_task(uow, "MBA", {"status": TaskStatus.DROPPED}, reason="Too slow", now=NOW)
    baseline = save_baseline(uow, manager, label="second plan", now=NOW)
    assert [item.title for item in baseline.items] == ["Leadership course"]
    last = goal_history(uow, manager)[1][-1]
    assert (last.field, last.after, last.reason) == ("baseline", "saved with 1 tasks", "second plan")


def test_the_plan_compares_with_the_newest_baseline(uow: FakeUnitOfWork) -> None:
    manager = ref(goal(uow, "Become a sales manager"))
    task(uow, manager, "Leadership course", due=date(2026, 6, 1))
    save_baseline(uow, manager, label="first", now=NOW)
    edit_task(uow, "course", {"due": date(2026, 7, 1)}, reason="Later cohort", now=NOW)
    save_baseline(uow, manager, label="second", now=NOW + timedelta(days=1))
    view = plan_view(uow, manager)
    assert view.baseline is not None
    assert view.baseline.label == "second"
    assert [r.slip_days for r in view.rows] == [0]


def test_without_a_baseline_nothing_has_slipped(uow: FakeUnitOfWork) -> None:
    manager = ref(goal(uow, "Become a sales manager"))
    task(uow, manager, "Leadership course", due=date(2026, 6, 1))
    view = plan_view(uow, manager)
    assert (view.baseline, [r.slip_days for r in view.rows], view.dropped_since_baseline) == (None, [None], [])


# --- dashboard ---------------------------------------------------------------------------------------------


def test_the_dashboard_shows_next_and_overdue_tasks_of_active_goals(uow: FakeUnitOfWork) -> None:
    manager = ref(goal(uow, "Become a sales manager"))
    for title, due in [
        ("Send the pipeline report", date(2026, 11, 20)),  # overdue
        ("Book five discovery calls", date(2026, 11, 24)),  # overdue
        ("Ask my VP for a conversation", date(2026, 11, 25)),  # due today: not overdue
        ("Leadership course", date(2026, 12, 15)),
        ("Shadow the regional manager", date(2027, 3, 1)),
        ("Write a 30-60-90 day plan", date(2027, 6, 1)),
        ("Read 'The Coaching Habit'", None),
    ]:
        task(uow, manager, title, due=due)
    paused = ref(goal(uow, "Run a marathon"))
    task(uow, paused, "Buy shoes", due=date(2026, 11, 1))
    set_goal_status(uow, paused, GoalStatus.PAUSED, reason="Knee injury", now=NOW)

    board = dashboard(uow, TODAY)
    assert [t.title for t in board.next_tasks.tasks] == [
        "Send the pipeline report",
        "Book five discovery calls",
        "Ask my VP for a conversation",
        "Leadership course",
        "Shadow the regional manager",
    ]
    assert board.next_tasks.total == 7
    assert [t.title for t in board.overdue.tasks] == ["Send the pipeline report", "Book five discovery calls"]
    assert board.overdue.total == 2
    assert [v.goal.title for v in board.goals] == ["Become a sales manager"]
    assert board.goal_titles[2] == "Run a marathon"


def test_the_dashboard_counts_days_since_the_last_check_in(uow: FakeUnitOfWork) -> None:
    goal(uow, "Become a sales manager")
    assert dashboard(uow, TODAY).days_since_checkin is None
    for on in (date(2026, 10, 28), date(2026, 11, 11)):
        record_checkin(
            uow,
            on=on,
            ratings=Ratings(fulfilment=7),
            note="",
            entries=[("sales manager", GoalEntry(0, confidence=4))],
            today=TODAY,
            now=NOW,
        )
    board = dashboard(uow, TODAY)
    assert (board.last_checkin, board.days_since_checkin) == (date(2026, 11, 11), 14)


def test_the_dashboard_compares_this_months_hours_with_the_average_month(uow: FakeUnitOfWork) -> None:
    for on, hours, amount in [
        (date(2026, 8, 3), 4.0, 0.0),
        (date(2026, 8, 20), 2.0, 25.0),
        # nothing in September
        (date(2026, 10, 7), 3.0, 0.0),
        (date(2026, 11, 2), 1.5, 1200.0),
    ]:
        log_investment(
            uow,
            on=on,
            category=InvestmentCategory.READING,
            hours=hours,
            amount=amount,
            currency=None,
            goal=None,
            note="",
            today=TODAY,
        )
    pace = dashboard(uow, TODAY).investment
    assert (pace.this_month_hours, pace.this_month_amount) == (1.5, 1200.0)
    assert (pace.monthly_average_hours, pace.months_counted) == (3.0, 3)  # (6 + 0 + 3) / 3


def test_the_dashboard_shows_each_active_goals_progress(uow: FakeUnitOfWork) -> None:
    manager = ref(goal(uow, "Become a sales manager"))
    task(uow, manager, "Leadership course", effort=30)
    task(uow, manager, "Shadow the regional manager", effort=10)
    complete_task(uow, "course", on=date(2026, 11, 20), now=NOW)
    assert [(v.goal.title, v.progress.percent) for v in dashboard(uow, TODAY).goals] == [("Become a sales manager", 75)]
