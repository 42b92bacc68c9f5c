"""`headway demo`: a year of Sam's career, written through the same services a person uses."""

from __future__ import annotations

from typing import Any

import pytest

from headway.domain.goals import GoalTreeNode, build_tree
from headway.domain.tasks import TaskStatus
from headway.services.demo import DEMO_NAME, build_demo
from headway.services.goals import show_goal
from headway.services.plan import goal_history, plan_view
from headway.services.record import get_profile, recent_checkins
from headway.services.status import dashboard
from tests.unit.fakes import FakeUnitOfWork
from tests.unit.helpers import TODAY


@pytest.fixture(scope="module")
def demo() -> FakeUnitOfWork:
    """Built once: the tests below only read it."""
    uow = FakeUnitOfWork()
    build_demo(uow, today=TODAY)
    return uow


def test_the_demo_builds_a_goal_tree(demo: FakeUnitOfWork) -> None:
    with demo.read():
        goals = demo.goals.for_person(1)

    def outline(nodes: list[GoalTreeNode]) -> list[tuple[str, Any]]:
        return [(n.goal.title, outline(n.children)) for n in nodes]

    assert outline(build_tree(goals)) == [
        (
            "Build financial security",
            [
                (
                    "Become a sales manager",
                    [("Lead a regional team", []), ("Earn two sales certifications", [])],
                ),
                ("Raise my base salary", []),
            ],
        )
    ]
    assert get_profile(demo).name == DEMO_NAME


def test_the_demo_has_a_year_of_fortnightly_check_ins(demo: FakeUnitOfWork) -> None:
    checkins = recent_checkins(demo, 100)
    assert len(checkins) >= 20
    assert all(c.on <= TODAY for c in checkins)
    assert show_goal(demo, "salary").view.goal.current_value == 68000


def test_moving_the_regional_target_is_in_the_history_with_its_reason(demo: FakeUnitOfWork) -> None:
    _, history = goal_history(demo, "Lead a regional team")
    moves = [r for r in history if r.field == "target_date"]
    assert len(moves) == 1
    assert moves[0].before < moves[0].after  # the target moved later
    assert "froze new regional teams" in moves[0].reason


def test_dropping_the_mba_is_in_the_history_with_its_reason(demo: FakeUnitOfWork) -> None:
    mba = show_goal(demo, "sales manager").tasks
    dropped = [t for t in mba if t.status == TaskStatus.DROPPED]
    assert [t.title for t in dropped] == ["Complete a part-time MBA"]
    assert "60,000 USD" in dropped[0].status_reason
    _, history = goal_history(demo, "sales manager")
    drop = [r for r in history if r.field == "status" and r.after == "dropped"]
    assert [r.task_id for r in drop] == [dropped[0].id]
    assert drop[0].reason == dropped[0].status_reason


def test_the_plan_shows_the_course_corrections_against_the_baseline(demo: FakeUnitOfWork) -> None:
    manager = plan_view(demo, "sales manager")
    assert [item.title for item in manager.dropped_since_baseline] == ["Complete a part-time MBA"]
    regional = plan_view(demo, "Lead a regional team")
    slipped = {r.task.title: r.slip_days for r in regional.rows if r.slip_days}
    assert set(slipped) == {"Lead the pilot with three reps", "Present the pilot results to the leadership team"}
    assert all(days > 0 for days in slipped.values())


def test_the_demo_dashboard_has_something_to_show_everywhere(demo: FakeUnitOfWork) -> None:
    board = dashboard(demo, TODAY)
    assert board.last_checkin == recent_checkins(demo, 1)[0].on
    assert board.next_tasks.tasks
    assert board.investment.monthly_average_hours
    assert all(0 <= v.progress.fraction <= 1 for v in board.goals)


def test_with_the_occupation_data_the_demo_has_skills_and_a_target_occupation() -> None:
    from headway.adapters.occupations.store import OccupationStore
    from headway.domain.skills import Evidence, current_levels

    uow = FakeUnitOfWork()
    build_demo(uow, today=TODAY, catalog=OccupationStore())
    with uow.read():
        levels = current_levels(uow.skills.history(1))
        target = uow.skills.target_occupation(2)
    assert target == "11-2022.00"  # "Become a sales manager" aims at Sales Managers
    assert levels["2.B.1.d"].level == 4.5  # Negotiation, rated by Sam
    assert levels["2.C.1.d"].evidence == Evidence.CREDENTIAL
    assert {entry.evidence for entry in levels.values()} == {Evidence.OCCUPATION, Evidence.SELF, Evidence.CREDENTIAL}
