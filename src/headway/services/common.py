"""Helpers every use case shares: finding the profile and resolving what the user typed to a record."""

from __future__ import annotations

import re
from datetime import datetime

from headway.domain.errors import Ambiguous, NotFound, NotInitialised, StaleVersion
from headway.domain.goals import Change, Goal
from headway.domain.records import Profile, Revision
from headway.domain.tasks import Task
from headway.services.ports import UnitOfWork

_ID = re.compile(r"#?(\d+)")


def current_profile(uow: UnitOfWork) -> Profile:
    profile = uow.profiles.get_default()
    if profile is None or profile.id is None:
        raise NotInitialised(
            "There is no Headway profile in this database yet.",
            hint="Run `headway init` to create one, or `headway demo` to explore an example.",
        )
    return profile


def person_id(uow: UnitOfWork) -> int:
    pid = current_profile(uow).id
    assert pid is not None
    return pid


def resolve_goal(uow: UnitOfWork, person: int, ref: str) -> Goal:
    """A goal from its number (3 or #3) or a unique part of its title."""
    match = _ID.fullmatch(ref.strip())
    if match:
        goal = uow.goals.get(person, int(match.group(1)))
        if goal is None:
            raise NotFound(f"There is no goal #{match.group(1)}.", hint="`headway goal list` shows your goals.")
        return goal
    candidates = uow.goals.find(person, ref.strip())
    exact = [g for g in candidates if g.title.casefold() == ref.strip().casefold()]
    if len(exact) == 1:
        return exact[0]
    if not candidates:
        raise NotFound(f"No goal matches {ref!r}.", hint="`headway goal list` shows your goals and their numbers.")
    if len(candidates) > 1:
        names = ", ".join(f"#{g.id} '{g.title}'" for g in candidates[:6])
        raise Ambiguous(f"{ref!r} matches {len(candidates)} goals: {names}.", hint="Use the goal's number.")
    return candidates[0]


def resolve_task(uow: UnitOfWork, person: int, ref: str, goal_id: int | None = None) -> Task:
    """A task from its number or a unique part of its title (within a goal, when one is given)."""
    match = _ID.fullmatch(ref.strip())
    if match:
        task = uow.tasks.get(person, int(match.group(1)))
        if task is None:
            raise NotFound(f"There is no task #{match.group(1)}.", hint="`headway task list --all` shows them.")
        return task
    candidates = uow.tasks.find(person, ref.strip(), goal_id)
    exact = [t for t in candidates if t.title.casefold() == ref.strip().casefold()]
    if len(exact) == 1:
        return exact[0]
    if not candidates:
        raise NotFound(f"No task matches {ref!r}.", hint="`headway task list --all` shows tasks and their numbers.")
    if len(candidates) > 1:
        names = ", ".join(t.label for t in candidates[:6])
        raise Ambiguous(f"{ref!r} matches {len(candidates)} tasks: {names}.", hint="Use the task's number.")
    return candidates[0]


def record_changes(
    uow: UnitOfWork,
    goal_id: int,
    changes: list[Change],
    *,
    reason: str,
    now: datetime,
    task_id: int | None = None,
) -> None:
    for change in changes:
        uow.revisions.add(
            Revision(
                goal_id=goal_id,
                task_id=task_id,
                at=now,
                field=change.field,
                before=change.before,
                after=change.after,
                reason=reason.strip(),
            )
        )


def check_version(label: str, stored: int, expected: int | None) -> None:
    """Refuse an update based on an older version than the stored one (None: the caller read it just now)."""
    if expected is not None and expected != stored:
        raise StaleVersion(
            f"{label} was changed since version {expected} was read; it is now at version {stored}.",
            current=stored,
            hint="Read it again, apply your change to what is there now, and send it with the new version.",
        )
