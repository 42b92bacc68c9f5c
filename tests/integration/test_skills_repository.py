"""SqlSkillRepository and the skills tables on SQLite and PostgreSQL: levels with their evidence, goals' target
occupations, generated milestones, and the schema's cascades, export, import and delete."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import psycopg
import pytest

from headway.adapters.db import SqlUnitOfWork, open_database
from headway.adapters.occupations.store import OccupationStore
from headway.domain.goals import GoalKind, MilestoneMeasure
from headway.domain.records import Profile
from headway.domain.skills import Evidence, SkillLevel
from headway.domain.tasks import TaskKind
from headway.services.data import delete_everything, delete_goal, export_record, import_record
from headway.services.goals import add_goal
from headway.services.record import init_profile
from headway.services.skills import generate_plan, set_skill, skills_from_occupation
from headway.services.tasks import add_task, complete_task
from tests.conftest import NOW, TODAY

NEGOTIATION, PERSUASION = "2.B.1.d", "2.B.1.c"
SKILL_TABLES = ("skill_levels", "goal_occupations", "gap_milestones")
REFUSED = (sqlite3.IntegrityError, psycopg.errors.IntegrityError)


@pytest.fixture(scope="module")
def catalog() -> Iterator[OccupationStore]:
    store = OccupationStore()
    yield store
    store.close()


def ada(uow: SqlUnitOfWork) -> int:
    """Ada's profile, and her goal #1 'Become a sales manager' (2026-01-01 to 2028-12-31); returns the goal id."""
    init_profile(uow, Profile(name="Ada", current_role="Account Executive"), now=NOW)
    return goal(uow, "Become a sales manager")


def goal(uow: SqlUnitOfWork, title: str, code: str | None = None) -> int:
    added = add_goal(
        uow,
        title=title,
        why="",
        kind=GoalKind.CAREER,
        measure=MilestoneMeasure(),
        start_date=date(2026, 1, 1),
        target_date=date(2028, 12, 31),
        target_occupation=code,
        now=NOW,
    )
    assert added.id is not None
    return added.id


def milestone(uow: SqlUnitOfWork, goal_id: int, title: str) -> int:
    task = add_task(uow, goal=str(goal_id), title=title, kind=TaskKind.MILESTONE, now=NOW)
    assert task.id is not None
    return task.id


def count(uow: SqlUnitOfWork, table: str) -> int:
    with uow.read():
        row = uow.db.one(f"SELECT COUNT(*) AS n FROM {table}")
    assert row is not None
    return int(row["n"])


def level(
    element: str, value: float, on: date, evidence: Evidence = Evidence.SELF, *, source: str = "", note: str = ""
) -> SkillLevel:
    """One of Ada's (person #1) statements of a level."""
    return SkillLevel(element, value, evidence, on, source, note, person_id=1)


def test_levels_come_back_by_date_then_in_the_order_recorded(uow: SqlUnitOfWork) -> None:
    ada(uow)
    with uow.write():
        ids = [
            uow.skills.add(level(NEGOTIATION, 5.0, date(2026, 3, 1)), NOW),
            uow.skills.add(level(NEGOTIATION, 2.0, date(2026, 1, 1), Evidence.OCCUPATION, source="41-4012.00"), NOW),
            uow.skills.add(level(PERSUASION, 3.25, date(2026, 3, 1)), NOW),
            uow.skills.add(
                level(NEGOTIATION, 4.5, date(2026, 2, 1), Evidence.CREDENTIAL, source="Harvard PON", note="2 days"),
                NOW,
            ),
        ]
        bob = uow.profiles.add(Profile(name="Bob", created_at=NOW))
        uow.skills.add(SkillLevel(NEGOTIATION, 7.0, Evidence.SELF, date(2026, 1, 1), person_id=bob), NOW)
    with uow.read():
        history = uow.skills.history(1)
        negotiation = uow.skills.history(1, NEGOTIATION)
        bobs = uow.skills.history(bob)
    assert [(s.on_date, s.id) for s in history] == [
        (date(2026, 1, 1), ids[1]),
        (date(2026, 2, 1), ids[3]),
        (date(2026, 3, 1), ids[0]),  # the same day as Persuasion's: recorded first, listed first
        (date(2026, 3, 1), ids[2]),
    ]
    assert negotiation == [history[0], history[1], history[2]]
    assert history[1] == SkillLevel(
        NEGOTIATION, 4.5, Evidence.CREDENTIAL, date(2026, 2, 1), "Harvard PON", "2 days", person_id=1, id=ids[3]
    )
    assert history[3].level == 3.25
    assert [s.level for s in bobs] == [7.0]  # each person sees only their own


def test_the_database_refuses_a_level_off_the_scale(uow: SqlUnitOfWork) -> None:
    ada(uow)
    with pytest.raises(REFUSED), uow.write():
        uow.skills.add(level(NEGOTIATION, 7.5, TODAY), NOW)
    assert count(uow, "skill_levels") == 0


def test_a_goals_target_occupation_is_set_replaced_and_cleared(uow: SqlUnitOfWork) -> None:
    manager = ada(uow)
    other = goal(uow, "Run operations", "11-1021.00")
    with uow.read():
        assert uow.skills.target_occupation(manager) is None
        assert uow.skills.target_occupation(other) == "11-1021.00"
    with uow.write():
        uow.skills.set_target_occupation(manager, "11-2022.00")
    with uow.write():
        uow.skills.set_target_occupation(manager, "11-3031.01")
    with uow.read():
        assert uow.skills.target_occupation(manager) == "11-3031.01"
    with uow.write():
        uow.skills.set_target_occupation(manager, None)
    with uow.read():
        assert uow.skills.target_occupation(manager) is None
        assert uow.skills.target_occupation(other) == "11-1021.00"
    assert count(uow, "goal_occupations") == 1


def test_generated_milestones_remember_the_level_they_earn(uow: SqlUnitOfWork) -> None:
    manager = ada(uow)
    course, project, plain = (milestone(uow, manager, t) for t in ("Course", "Project", "Own idea"))
    with uow.write():
        uow.skills.add_gap_milestone(project, NEGOTIATION, 5.12, "11-2022.00")
        uow.skills.add_gap_milestone(course, PERSUASION, 4.0, "11-2022.00")
    with uow.read():
        assert uow.skills.gap_milestones([project, plain]) == {project: (NEGOTIATION, 5.12, "11-2022.00")}
        assert uow.skills.gap_milestones([]) == {}
        assert set(uow.skills.gap_milestones([course, project, plain])) == {course, project}
    with pytest.raises(REFUSED), uow.write():  # one level per task
        uow.skills.add_gap_milestone(project, PERSUASION, 3.0, "11-2022.00")
    with uow.read():
        assert uow.skills.gap_milestones([project]) == {project: (NEGOTIATION, 5.12, "11-2022.00")}


def test_deleting_a_goal_or_a_task_takes_their_skill_rows_with_them(uow: SqlUnitOfWork) -> None:
    manager = ada(uow)
    kept = goal(uow, "Run operations", "11-1021.00")
    with uow.write():
        uow.skills.set_target_occupation(manager, "11-2022.00")
    project, course = milestone(uow, manager, "Project"), milestone(uow, manager, "Course")
    other = milestone(uow, kept, "Ops course")
    with uow.write():
        for task in (project, course, other):
            uow.skills.add_gap_milestone(task, NEGOTIATION, 5.0, "11-2022.00")
    with uow.write():  # no command deletes a single task; the schema still must not leave its row behind
        uow.db.execute("DELETE FROM tasks WHERE id = :id", {"id": course})
    with uow.read():
        assert set(uow.skills.gap_milestones([project, course, other])) == {project, other}
    delete_goal(uow, "Become a sales manager")
    with uow.read():
        assert uow.skills.gap_milestones([project, course, other]) == {other: (NEGOTIATION, 5.0, "11-2022.00")}
        assert uow.skills.target_occupation(manager) is None
        assert uow.skills.target_occupation(kept) == "11-1021.00"
    assert (count(uow, "goal_occupations"), count(uow, "gap_milestones")) == (1, 1)


def career_with_skills(uow: SqlUnitOfWork, catalog: OccupationStore) -> None:
    """Ada: skills from a sales rep's levels and one credential, a goal aimed at sales manager, its generated plan
    accepted, and the first gap's closing milestone done (so a level with evidence 'milestone')."""
    init_profile(uow, Profile(name="Ada", current_role="Account Executive"), now=NOW)
    skills_from_occupation(uow, catalog, "41-4012", on=TODAY, now=NOW)
    set_skill(uow, catalog, "Negotiation", 5.5, evidence=Evidence.CREDENTIAL, source="PON", on=TODAY, now=NOW)
    goal(uow, "Become a sales manager", "11-2022.00")
    plan = generate_plan(uow, catalog, "1", today=TODAY, now=NOW, accept=list(range(1, 4)))
    complete_task(uow, f"#{plan.added[1].id}", on=TODAY, now=NOW)


def test_an_export_carries_the_skills_tables_and_imports_whole(
    uow: SqlUnitOfWork, catalog: OccupationStore, tmp_path: Path
) -> None:
    career_with_skills(uow, catalog)
    exported = export_record(uow, now=NOW)
    assert (len(exported["skill_levels"]), len(exported["goal_occupations"]), len(exported["gap_milestones"])) == (
        70,  # 68 typical levels, the credential, the level the milestone earned
        1,
        1,
    )
    assert {row["evidence"] for row in exported["skill_levels"]} == {"occupation", "credential", "milestone"}
    elsewhere = SqlUnitOfWork(open_database(str(tmp_path / "elsewhere.sqlite3")))
    try:
        import_record(elsewhere, exported)
        assert export_record(elsewhere, now=NOW) == exported
    finally:
        elsewhere.db.close()


def test_an_import_into_this_database_round_trips_and_new_levels_follow_on(
    uow: SqlUnitOfWork, catalog: OccupationStore, tmp_path: Path
) -> None:
    source = SqlUnitOfWork(open_database(str(tmp_path / "source.sqlite3")))
    try:
        career_with_skills(source, catalog)
        exported = export_record(source, now=NOW)
    finally:
        source.db.close()
    import_record(uow, exported)
    assert export_record(uow, now=NOW) == exported
    _, entry = set_skill(uow, catalog, "Persuasion", 5, on=TODAY, now=NOW)
    assert entry.id == max(row["id"] for row in exported["skill_levels"]) + 1


def test_deleting_everything_leaves_no_skill_row(uow: SqlUnitOfWork, catalog: OccupationStore) -> None:
    career_with_skills(uow, catalog)
    assert all(count(uow, table) > 0 for table in SKILL_TABLES)
    delete_everything(uow)
    assert [count(uow, table) for table in SKILL_TABLES] == [0, 0, 0]
