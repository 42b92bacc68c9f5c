"""The person owns their data: export everything, import it elsewhere, and delete means delete."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from headway.domain.errors import ValidationError
from headway.services.common import person_id, resolve_goal
from headway.services.ports import UnitOfWork


def export_record(uow: UnitOfWork, *, now: datetime) -> dict[str, Any]:
    with uow.read():
        return uow.archive.dump(person_id(uow), now)


def import_record(uow: UnitOfWork, document: Any) -> int:
    """Import an export into a database with no profile yet. All of it, or nothing."""
    with uow.write():
        existing = uow.profiles.get_default()
        if existing is not None:
            raise ValidationError(
                f"This database already holds {existing.name}'s career record; import into an empty one.",
                hint="Use --db new-file.sqlite3 (or another HEADWAY_DATABASE_URL) for the import.",
            )
        return uow.archive.load(document)


def delete_everything(uow: UnitOfWork) -> str:
    """Delete the profile and every goal, task, check-in, investment and revision with it."""
    with uow.write():
        profile_id = person_id(uow)
        profile = uow.profiles.get_default()
        assert profile is not None
        uow.archive.delete_person(profile_id)
        return profile.name


def delete_goal(uow: UnitOfWork, ref: str) -> tuple[str, int]:
    """Delete a goal with its plan, check-in entries and history; its sub-goals become top-level goals."""
    with uow.write():
        goal = resolve_goal(uow, person_id(uow), ref)
        assert goal.id is not None
        children = [g for g in uow.goals.for_person(goal.person_id) if g.parent_id == goal.id]
        uow.goals.delete(goal.id)
        return goal.title, len(children)
