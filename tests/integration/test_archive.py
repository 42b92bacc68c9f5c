"""Export, import and delete on both databases: the person's data round-trips whole, and delete means delete."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from headway.adapters.db import SqlUnitOfWork, open_database
from headway.adapters.db.reset import TABLES_CHILD_FIRST
from headway.domain.errors import NotInitialised, ValidationError
from headway.services.data import delete_everything, delete_goal, export_record, import_record
from headway.services.demo import build_demo
from headway.services.status import dashboard
from tests.conftest import NOW, TODAY


def fresh(tmp_path: Path, name: str) -> SqlUnitOfWork:
    return SqlUnitOfWork(open_database(str(tmp_path / name)))


def test_an_export_imports_into_the_other_database_without_loss(uow: SqlUnitOfWork, tmp_path: Path) -> None:
    build_demo(uow, today=TODAY)
    exported = export_record(uow, now=NOW)
    elsewhere = fresh(tmp_path, "elsewhere.sqlite3")
    import_record(elsewhere, json.loads(json.dumps(exported)))
    assert export_record(elsewhere, now=NOW) == exported
    assert dashboard(elsewhere, TODAY).goals == dashboard(uow, TODAY).goals
    assert len(exported["checkins"]) >= 20
    assert len(exported["revisions"]) > 20


def test_an_import_into_this_database_round_trips_and_new_ids_follow_on(uow: SqlUnitOfWork, tmp_path: Path) -> None:
    source = fresh(tmp_path, "source.sqlite3")
    build_demo(source, today=TODAY)
    exported = export_record(source, now=NOW)
    import_record(uow, exported)
    assert export_record(uow, now=NOW) == exported
    from headway.domain.goals import GoalKind, MilestoneMeasure
    from headway.services.goals import add_goal

    added = add_goal(
        uow,
        title="After the import",
        why="",
        kind=GoalKind.LIFE,
        measure=MilestoneMeasure(),
        start_date=TODAY,
        target_date=TODAY,
        now=NOW,
    )
    assert added.id == max(g["id"] for g in exported["goals"]) + 1


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: d.update(format="something-else"), "not a Headway export"),
        (lambda d: d["goals"][0].update(status="forgotten"), "not consistent"),
        (lambda d: d["tasks"][0].update(due="next year"), r"tasks\[0\]\.due should be a date"),
        (lambda d: d["checkins"][0].pop("on_date"), 'missing "on_date"'),
        (lambda d: d["revisions"][-1].update(goal_id=999), "not consistent"),
    ],
)
def test_a_damaged_export_imports_nothing(uow: SqlUnitOfWork, tmp_path: Path, damage: object, message: str) -> None:
    source = fresh(tmp_path, "source.sqlite3")
    build_demo(source, today=TODAY)
    document = copy.deepcopy(export_record(source, now=NOW))
    damage(document)  # type: ignore[operator]
    with pytest.raises(ValidationError, match=message):
        import_record(uow, document)
    with uow.read():
        assert uow.profiles.get_default() is None
        assert uow.db.one("SELECT COUNT(*) AS n FROM goals")["n"] == 0  # type: ignore[index]


def test_deleting_everything_leaves_no_row_behind(uow: SqlUnitOfWork) -> None:
    build_demo(uow, today=TODAY)
    delete_everything(uow)
    for table in TABLES_CHILD_FIRST:  # every table of the schema, as reset_database empties them
        assert uow.db.one(f"SELECT COUNT(*) AS n FROM {table}")["n"] == 0, table  # type: ignore[index]
    with pytest.raises(NotInitialised):
        dashboard(uow, TODAY)


def test_deleting_everything_scrubs_the_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.sqlite3"
    uow = SqlUnitOfWork(open_database(str(path)))
    build_demo(uow, today=TODAY)
    delete_everything(uow)
    uow.db.close()
    leftovers = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("mine"))
    assert b"Sam Rivera" not in leftovers
    assert b"part-time MBA" not in leftovers


def test_deleting_a_goal_takes_its_plan_and_lifts_its_sub_goals(uow: SqlUnitOfWork) -> None:
    build_demo(uow, today=TODAY)
    title, lifted = delete_goal(uow, "Become a sales manager")
    assert (title, lifted) == ("Become a sales manager", 2)
    with uow.read():
        goals = {g.title: g for g in uow.goals.for_person(1)}
        assert "Become a sales manager" not in goals
        assert goals["Lead a regional team"].parent_id is None
        assert uow.tasks.find(1, "quota") == []


def test_a_goal_moved_under_a_newer_goal_survives_the_round_trip(uow: SqlUnitOfWork, tmp_path: Path) -> None:
    from headway.domain.goals import GoalKind, MilestoneMeasure
    from headway.domain.records import Profile
    from headway.services.goals import add_goal, move_goal
    from headway.services.record import init_profile

    init_profile(uow, Profile(name="Ada"), now=NOW)
    for title in ("Older goal", "Newer goal"):
        add_goal(
            uow,
            title=title,
            why="",
            kind=GoalKind.CAREER,
            measure=MilestoneMeasure(),
            start_date=TODAY,
            target_date=TODAY,
            now=NOW,
        )
    move_goal(uow, "Older goal", "Newer goal", reason="It serves the newer one", now=NOW)
    exported = export_record(uow, now=NOW)
    elsewhere = fresh(tmp_path, "elsewhere.sqlite3")
    import_record(elsewhere, exported)
    assert export_record(elsewhere, now=NOW) == exported
