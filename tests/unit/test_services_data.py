"""The person owns their data: export, import into an empty store, delete a goal, delete everything."""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest

from headway.domain.errors import NotInitialised, ValidationError
from headway.domain.records import InvestmentCategory
from headway.services.data import delete_everything, delete_goal, export_record, import_record
from headway.services.demo import build_demo
from headway.services.goals import list_goals, move_goal, show_goal
from headway.services.record import log_investment, recent_investments
from headway.services.status import dashboard
from headway.services.tasks import show_task
from tests.unit.fakes import FakeUnitOfWork, Tables
from tests.unit.helpers import NOW, TODAY, goal, ref, task


def test_an_export_imports_elsewhere_without_loss() -> None:
    source = FakeUnitOfWork()
    build_demo(source, today=TODAY)
    exported = json.loads(json.dumps(export_record(source, now=NOW)))  # through JSON, as the file is
    elsewhere = FakeUnitOfWork()
    assert import_record(elsewhere, exported) == 1
    assert export_record(elsewhere, now=NOW) == exported
    assert dashboard(elsewhere, TODAY).goals == dashboard(source, TODAY).goals
    added = goal(elsewhere, "After the import")
    assert added.id == max(g["id"] for g in exported["goals"]) + 1


def test_a_goal_moved_under_a_newer_goal_survives_export_and_import(uow: FakeUnitOfWork) -> None:
    goal(uow, "Lead a regional team")  # #1
    goal(uow, "Become a sales manager")  # #2, created later
    move_goal(uow, "regional", "sales manager", reason="It is a step towards the title", now=NOW)
    elsewhere = FakeUnitOfWork()
    import_record(elsewhere, export_record(uow, now=NOW))
    assert show_goal(elsewhere, "regional").parent is not None


def test_an_import_never_overwrites_an_existing_record(uow: FakeUnitOfWork) -> None:
    source = FakeUnitOfWork()
    build_demo(source, today=TODAY)
    goal(uow, "Become a sales manager")
    with pytest.raises(ValidationError, match="already holds Alice's career record"):
        import_record(uow, export_record(source, now=NOW))
    assert [v.goal.title for v in list_goals(uow)] == ["Become a sales manager"]


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ({"format": "something-else"}, "not a Headway export"),
        ({"version": 2}, "version 2"),
        ({"revisions": [{"id": 1, "goal_id": 999, "task_id": None, "changed_at": "2026-11-25T12:00:00+00:00",
                         "field_name": "created", "before_value": "-", "after_value": "x", "reason": ""}]},
         "not consistent"),
    ],
    ids=["not-an-export", "newer-version", "history-of-a-missing-goal"],
)  # fmt: skip
def test_a_damaged_export_imports_nothing(uow: FakeUnitOfWork, damage: dict[str, object], message: str) -> None:
    goal(uow, "Become a sales manager")
    document = copy.deepcopy(export_record(uow, now=NOW))
    document.update(damage)
    empty = FakeUnitOfWork()
    with pytest.raises(ValidationError, match=message):
        import_record(empty, document)
    with empty.read():
        assert empty.profiles.get_default() is None
        assert empty.tables.goals == {}


def test_deleting_everything_leaves_nothing_behind() -> None:
    demo = FakeUnitOfWork()
    build_demo(demo, today=TODAY)
    assert delete_everything(demo) == "Sam Rivera (demo)"
    assert demo.tables == Tables(last_id=demo.tables.last_id)  # every table empty
    with pytest.raises(NotInitialised):
        export_record(demo, now=NOW)


def test_deleting_a_goal_takes_its_plan_and_lifts_its_sub_goals(uow: FakeUnitOfWork) -> None:
    security = ref(goal(uow, "Build financial security"))
    manager = ref(goal(uow, "Become a sales manager", parent=security))
    goal(uow, "Lead a regional team", parent=manager)
    course = task(uow, manager, "Leadership course", due=date(2026, 6, 1))
    marathon = ref(goal(uow, "Run a marathon"))
    race = task(uow, marathon, "Sign up for the race", after=[ref(course)])  # waits for a task of another goal
    log_investment(
        uow,
        on=date(2026, 11, 2),
        category=InvestmentCategory.COURSE,
        hours=3,
        amount=1200,
        currency=None,
        goal=manager,
        note="Course fee",
        today=TODAY,
    )

    assert delete_goal(uow, manager) == ("Become a sales manager", 1)

    assert [(v.goal.title, v.goal.parent_id) for v in list_goals(uow)] == [
        ("Build financial security", None),
        ("Lead a regional team", None),  # a top-level goal now
        ("Run a marathon", None),
    ]
    assert show_task(uow, ref(race)).task.depends_on == ()
    assert [(i.note, i.goal_id) for i in recent_investments(uow, 5)] == [("Course fee", None)]
    with uow.read():
        assert uow.tasks.get(1, course.id or 0) is None
