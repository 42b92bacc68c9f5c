"""Use cases for the profile, check-ins and investments."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from headway.domain.errors import NotFound, ValidationError
from headway.domain.goals import Goal, GoalStatus, NumericMeasure
from headway.domain.records import (
    CheckIn,
    GoalEntry,
    Investment,
    InvestmentCategory,
    Profile,
    Ratings,
    validate_checkin,
    validate_investment,
    validate_profile,
)
from headway.services.common import current_profile, person_id, resolve_goal
from headway.services.goals import GoalView, progress_of
from headway.services.ports import UnitOfWork
from headway.services.tasks import complete_in_transaction
from headway.services.tracking import ReviewDraft, add_review_in_transaction


def init_profile(uow: UnitOfWork, profile: Profile, *, now: datetime, keep_rhythms: bool = False) -> Profile:
    """Create the profile, or update it when one exists (init is safe to run again).

    With `keep_rhythms`, an update keeps the stored rhythms, targets and capacity (`headway init` run again
    says nothing of them; `headway cadence` and `headway invest target` set them).
    """
    with uow.write():
        existing = uow.profiles.get_default()
        profile = validate_profile(replace(profile, created_at=now))
        if existing is None:
            return replace(profile, id=uow.profiles.add(profile))
        if keep_rhythms:
            profile = replace(
                profile,
                checkin_cadence=existing.checkin_cadence,
                review_cadence=existing.review_cadence,
                monthly_target_hours=existing.monthly_target_hours,
                monthly_target_amount=existing.monthly_target_amount,
                weekly_capacity_hours=existing.weekly_capacity_hours,
            )
        updated = replace(profile, id=existing.id, created_at=existing.created_at)
        uow.profiles.update(updated)
        return updated


def get_profile(uow: UnitOfWork) -> Profile:
    with uow.read():
        return current_profile(uow)


def edit_profile(
    uow: UnitOfWork,
    *,
    name: str | None = None,
    current_role: str | None = None,
    employer: str | None = None,
    values: Sequence[str] | None = None,
    currency: str | None = None,
) -> Profile:
    """Change some of what `headway init` sets; None leaves a field as it is, and the rhythms are kept."""
    with uow.write():
        profile = current_profile(uow)
        given = {"name": name, "current_role": current_role, "employer": employer, "currency": currency}
        changes: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
        if values is not None:
            changes["values"] = tuple(values)
        updated = validate_profile(replace(profile, **changes))
        if updated != profile:
            uow.profiles.update(updated)
        return updated


def goals_to_check_in(uow: UnitOfWork) -> list[Goal]:
    """The active goals a check-in walks through, parents before their children."""
    with uow.read():
        return uow.goals.for_person(person_id(uow), statuses=[GoalStatus.ACTIVE])


def goals_to_check_in_with_progress(uow: UnitOfWork) -> list[GoalView]:
    """The active goals a check-in walks through, each with its progress, parents before their children."""
    with uow.read():
        person = person_id(uow)
        goals = uow.goals.for_person(person)
        progress = progress_of(uow, person, goals)  # rolled up over every goal, as the goal list shows it
    return [GoalView(g, progress[g.id]) for g in goals if g.status == GoalStatus.ACTIVE and g.id is not None]


def record_checkin(
    uow: UnitOfWork,
    *,
    on: date,
    ratings: Ratings,
    note: str,
    entries: list[tuple[str, GoalEntry]],
    completed: list[str] | None = None,
    review: ReviewDraft | None = None,
    today: date,
    now: datetime,
) -> CheckIn:
    """Save a check-in; each entry names its goal as the user typed it.

    A numeric value updates the goal; tasks named in `completed` are marked done on the check-in's date; a
    `review` with any answer is recorded on the check-in's date. All of it is one transaction: a bad entry
    saves nothing.
    """
    with uow.write():
        person = person_id(uow)
        for ref in completed or []:
            complete_in_transaction(uow, person, ref, on=on, now=now)
        resolved: list[GoalEntry] = []
        goals: dict[int, Goal] = {}
        for ref, entry in entries:
            goal = resolve_goal(uow, person, ref)
            assert goal.id is not None
            if entry.value is not None and not isinstance(goal.measure, NumericMeasure):
                raise ValidationError(
                    f"Goal #{goal.id} '{goal.title}' is measured by its milestones, so it takes no value.",
                    field="value",
                    hint="Mark milestones done with `headway task done N` instead.",
                )
            goals[goal.id] = goal
            resolved.append(replace(entry, goal_id=goal.id))
        checkin = validate_checkin(CheckIn(person, on, ratings, note.strip(), tuple(resolved), created_at=now), today)
        last = uow.checkins.last_date(person)
        for entry in resolved:
            goal = goals[entry.goal_id]
            # Only the newest reading moves the goal's current value; a back-dated check-in is history.
            if entry.value is not None and (last is None or on >= last):
                uow.goals.update(replace(goal, current_value=entry.value))
        all_goals = uow.goals.for_person(person)
        progress = progress_of(uow, person, all_goals)
        entries_with_progress = tuple(
            replace(e, progress=round(progress[e.goal_id].fraction, 4)) for e in checkin.entries
        )
        checkin = replace(checkin, entries=entries_with_progress)
        checkin = replace(checkin, id=uow.checkins.add(checkin))
        if review is not None and not review.empty:
            add_review_in_transaction(uow, person, on, review, now)
        return checkin


def log_investment(
    uow: UnitOfWork,
    *,
    on: date,
    category: InvestmentCategory,
    hours: float,
    amount: float,
    currency: str | None,
    goal: str | None,
    note: str,
    today: date,
) -> Investment:
    with uow.write():
        profile = current_profile(uow)
        assert profile.id is not None
        goal_id = resolve_goal(uow, profile.id, goal).id if goal else None
        investment = validate_investment(
            Investment(
                person_id=profile.id,
                on=on,
                category=category,
                hours=hours,
                amount=amount,
                currency=(currency or profile.currency).upper(),
                goal_id=goal_id,
                note=note.strip(),
            ),
            today,
        )
        return replace(investment, id=uow.investments.add(investment))


def delete_investment(uow: UnitOfWork, investment_id: int) -> Investment:
    """Delete one logged investment for good (a mistyped entry, say); the ledger, the pace and the streaks are
    worked out again without it. Returns what was deleted."""
    with uow.write():
        person = person_id(uow)
        found = uow.investments.get(person, investment_id)
        if found is None:
            raise NotFound(
                f"There is no investment #{investment_id}.", hint="`headway investments` lists them with their numbers."
            )
        uow.investments.delete(person, investment_id)  # the habits cache's key (count, newest id) moves on
        return found


def recent_investments(uow: UnitOfWork, limit: int, offset: int = 0) -> list[Investment]:
    """The latest investments, newest first, skipping the `offset` newest."""
    with uow.read():
        return uow.investments.recent(person_id(uow), offset + limit)[offset:]


def recent_checkins(uow: UnitOfWork, limit: int, offset: int = 0) -> list[CheckIn]:
    """The latest check-ins, newest first, skipping the `offset` newest."""
    with uow.read():
        return uow.checkins.recent(person_id(uow), offset + limit)[offset:]
