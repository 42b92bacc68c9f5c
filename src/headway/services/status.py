"""The dashboard: where every active goal stands, what is next, and how the habits are going."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from headway.domain.goals import Goal, GoalStatus
from headway.domain.records import Profile
from headway.domain.status import InvestmentPace, days_since, investment_pace
from headway.services.common import current_profile
from headway.services.goals import GoalView, progress_of
from headway.services.ports import TaskPage, UnitOfWork

NEXT_TASKS = 5


@dataclass(frozen=True)
class Dashboard:
    today: date
    profile: Profile
    goals: list[GoalView]
    goal_titles: dict[int, str]
    next_tasks: TaskPage
    overdue: TaskPage
    last_checkin: date | None
    days_since_checkin: int | None
    investment: InvestmentPace


def dashboard(uow: UnitOfWork, today: date) -> Dashboard:
    with uow.read():
        profile = current_profile(uow)
        assert profile.id is not None
        person = profile.id
        goals = uow.goals.for_person(person)
        progress = progress_of(uow, person, goals)
        next_tasks = uow.tasks.open_page(person, limit=NEXT_TASKS)
        overdue = uow.tasks.open_page(person, limit=NEXT_TASKS, overdue_before=today)
        last = uow.checkins.last_date(person)
        hours, amounts = uow.investments.month_totals(person)
    active: list[Goal] = [g for g in goals if g.status == GoalStatus.ACTIVE]
    return Dashboard(
        today=today,
        profile=profile,
        goals=[GoalView(g, progress[g.id]) for g in active if g.id is not None],
        goal_titles={g.id: g.title for g in goals if g.id is not None},
        next_tasks=next_tasks,
        overdue=overdue,
        last_checkin=last,
        days_since_checkin=days_since(last, today),
        investment=investment_pace(hours, amounts, today),
    )
