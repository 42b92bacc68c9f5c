"""The person owns their data: export everything, import it elsewhere, and delete means delete."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from headway.domain.errors import Conflict, ValidationError
from headway.domain.records import Profile, validate_profile
from headway.services.common import current_profile, person_id, resolve_goal
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


def import_into_person(uow: UnitOfWork, document: Any) -> Profile:
    """Import an export into the person's own record, which must hold nothing yet: a server account's, whose
    person exists from sign-up. All of it, or nothing.

    The export's profile replaces the person's; every row gets a new id, since the export's ids are taken by
    other people's rows on a server.
    """
    with uow.write():
        profile = current_profile(uow)
        assert profile.id is not None
        # Writing the person's row first takes its lock (PostgreSQL): two imports at once take turns, and the
        # second finds the record the first filled. SQLite's write transaction already serialises them.
        uow.profiles.update(profile)
        held = _what_is_held(uow, profile.id)
        if held:
            raise Conflict(
                f"Your career record already holds {', '.join(held)}, and an import goes only into an empty "
                "record: nothing was imported.",
                hint="Import into a new account, or delete what is here first.",
            )
        uow.archive.load_into(profile.id, document)
        imported = current_profile(uow)
        validate_profile(imported)  # an export Headway wrote passes; a name or currency it would refuse does not
        return imported


def _what_is_held(uow: UnitOfWork, person: int) -> list[str]:
    counts = {
        "goals": len(uow.goals.for_person(person)),
        "check-ins": uow.checkins.count(person),
        "investments": uow.investments.count(person),
        "reviews": uow.reviews.count(person),
        "skill levels": len(uow.skills.history(person)),
    }
    return [f"{n} {what}" if n != 1 else f"1 {what.removesuffix('s')}" for what, n in counts.items() if n]


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
