"""Export, import and delete through the API: the record moves whole between accounts, an import goes only into
an empty record (all of it or nothing), and delete means delete, the account with it.

On a server the export's ids belong to other people's rows, so an import gives each row a new id; the round trip
is checked by following every id of the first export to the one its row got (the nth of a table to the nth), in
the rows, in the references between them and in the revisions that name goals and tasks by number.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from headway.adapters.db import SqlUnitOfWork, open_database
from headway.adapters.db.archive import REFERENCES, TABLES
from headway.services.data import export_record
from tests.api.conftest import Server, User
from tests.conftest import NOW, TODAY
from tests.docs.schemas import errors

API = "/api/v1"


@pytest.fixture
def database(server: Server) -> Iterator[Any]:
    db = open_database(server.settings.database_url)
    try:
        yield db
    finally:
        db.close()


def person_of(database: Any, user: User) -> int:
    row = database.one("SELECT person_id FROM accounts WHERE email = :email", {"email": user.email})
    assert row is not None
    return int(row["person_id"])


def seed(user: User, database: Any) -> None:
    """Alice's record, typed through the API where it can be, and her plan through the use cases.

    Goals: #a 'Become a sales manager' (milestones), #b 'Raise my base salary' (numeric), then #c 'Lead a
    regional team', moved under the newer #d 'Grow a team'; tasks with a dependency; a baseline; two
    check-ins with a review; investments; a target and a rhythm.
    """
    from headway.domain.tasks import TaskKind
    from headway.services.goals import move_goal
    from headway.services.plan import save_baseline
    from headway.services.tasks import add_task

    def goal(title: str, **extra: Any) -> int:
        body = {"title": title, "why": f"why {title}", "target_date": "2028-11-25", "start_date": "2026-01-05"}
        response = user.post(f"{API}/goals", json=body | extra)
        assert response.status_code == 201, response.text
        goal_id: int = response.json()["goal"]["id"]
        return goal_id

    manager = goal("Become a sales manager")
    salary = goal(
        "Raise my base salary",
        measure={"type": "numeric", "metric": "salary", "unit": "USD", "start": 60000, "target": 80000},
    )
    lead = goal("Lead a regional team")
    grow = goal("Grow a team")
    uow = SqlUnitOfWork(database, person_id=person_of(database, user))
    move_goal(uow, str(lead), str(grow), reason="It serves the newer one", now=NOW)
    course = add_task(uow, goal=str(manager), title="Finish the leadership course", kind=TaskKind.MILESTONE, now=NOW)
    add_task(
        uow, goal=str(manager), title="Run the pipeline review", due=date(2027, 5, 1), after=[str(course.id)], now=NOW
    )
    save_baseline(uow, str(manager), label="agreed with my manager", now=NOW)
    checkins = [
        {"date": "2026-11-01", "ratings": {"fulfilment": 6}, "goals": [{"goal": salary, "value": 62000}]},
        {
            "ratings": {"fulfilment": 7, "balance": 5},
            "note": "A good fortnight",
            "goals": [{"goal": salary, "value": 65000, "confidence": 4}, {"goal": manager, "went_well": "a mentor"}],
            "done": [course.id],
            "review": {"note": "On course", "goals": [{"goal": lead, "still_realistic": True}]},
        },
    ]
    for checkin in checkins:
        assert user.post(f"{API}/checkins", json=checkin).status_code == 201
    for investment in (
        {"category": "course", "hours": 3, "amount": 49, "goal_id": manager, "note": "Negotiation"},
        {"category": "reading", "hours": 1.5, "date": "2026-11-20", "currency": "EUR", "amount": 20},
    ):
        assert user.post(f"{API}/investments", json=investment).status_code == 201
    assert user.put(f"{API}/investments/target", json={"hours": 8}).status_code == 200
    assert user.put(f"{API}/cadence", json={"checkin": "weekly"}).status_code == 200
    profile = {"name": "Alice Smith", "current_role": "Account Executive", "values": ["growth"], "currency": "USD"}
    assert user.put(f"{API}/profile", json=profile).status_code == 200


def renumbered(exported: dict[str, Any], like: dict[str, Any]) -> dict[str, Any]:
    """`exported` with each row's id, and every reference to it, changed to the id the nth row of its table has
    in `like`; revisions' texts naming goals and tasks ("#3") likewise."""
    ids = {
        table: dict(zip([r["id"] for r in exported[table]], [r["id"] for r in like[table]], strict=True))
        for table, columns in TABLES.items()
        if "id" in columns
    }
    references = {**REFERENCES, "goals": {"parent_id": "goals"}}
    named_in_text = {"parent": "goals", "depends_on": "tasks", "task added": "tasks"}
    out = copy.deepcopy(exported)
    out["profile"]["id"] = like["profile"]["id"]
    out["exported_at"] = like["exported_at"]
    for table in TABLES:
        for row in out[table]:
            if "id" in row:
                row["id"] = ids[table][row["id"]]
            for column, target in references.get(table, {}).items():
                if row[column] is not None:
                    row[column] = ids[target][row[column]]
            if table == "revisions" and row["field_name"] in named_in_text:
                numbers = ids[named_in_text[row["field_name"]]]
                for column in ("before_value", "after_value"):
                    row[column] = re.sub(r"#(\d+)", lambda m: f"#{numbers[int(m.group(1))]}", row[column])  # noqa: B023
    return out


def test_the_export_is_the_whole_record_as_the_cli_writes_it(alice: User, database: Any) -> None:
    seed(alice, database)
    response = alice.get(f"{API}/export")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="headway-export-2026-11-25.json"'
    assert response.headers["Cache-Control"] == "no-store"
    exported = response.json()
    assert exported == export_record(SqlUnitOfWork(database, person_id=person_of(database, alice)), now=NOW)
    counts = {table: len(exported[table]) for table in ("goals", "tasks", "checkins", "investments", "reviews")}
    assert counts == {"goals": 4, "tasks": 2, "checkins": 2, "investments": 2, "reviews": 1}
    assert exported["profile"]["name"] == "Alice Smith"


def test_an_export_imports_into_a_new_account_without_loss(server: Server, alice: User, database: Any) -> None:
    bob = server.sign_up("bob")  # his record takes ids too, so alice's cannot keep hers in a new account
    bob.post(f"{API}/goals", json={"title": "Bob's goal", "why": "", "target_date": "2028-01-01"})
    seed(alice, database)
    original = alice.get(f"{API}/export").json()

    dave = server.sign_up("dave")
    imported = dave.post(f"{API}/import", json=original)
    assert imported.status_code == 200, imported.text
    assert errors(imported.json(), "profile.schema.json") == []
    assert imported.json()["profile"]["name"] == "Alice Smith"
    copied = dave.get(f"{API}/export").json()
    assert copied["profile"]["id"] == person_of(database, dave)
    assert {g["id"] for g in copied["goals"]}.isdisjoint(g["id"] for g in original["goals"])
    assert copied == renumbered(original, copied)

    # What dave reads is alice's record under its new numbers; alice's own is untouched.
    assert [c["note"] for c in dave.get(f"{API}/checkins").json()["checkins"]] == ["A good fortnight", ""]
    assert dave.get(f"{API}/ledger").json()["this_month"]["target_hours"] == 8
    assert dave.get(f"{API}/cadence").json()["checkin"]["rhythm"] == "weekly"
    history = dave.get(f"{API}/goals/{copied['goals'][2]['id']}/history").json()["revisions"]
    assert [r["after"] for r in history if r["field"] == "parent"] == [f"#{copied['goals'][3]['id']}"]
    assert alice.get(f"{API}/export").json() == original
    added = dave.post(f"{API}/goals", json={"title": "After the import", "why": "", "target_date": "2028-01-01"})
    assert added.status_code == 201


def test_the_demo_career_round_trips_between_accounts(server: Server, alice: User, database: Any) -> None:
    """Sam's year (every table: skills, baselines, reviews, dependencies, moved goals) through export and import."""
    from headway.services.demo import build_demo

    server.sign_up("bob").post(f"{API}/goals", json={"title": "Bob's", "why": "", "target_date": "2028-01-01"})
    uow = SqlUnitOfWork(database, person_id=person_of(database, alice))
    build_demo(uow, today=TODAY, catalog=server.app.state.server.catalog)
    original = alice.get(f"{API}/export").json()
    assert all(original[table] for table in TABLES if table not in ("goal_occupations", "gap_milestones"))
    dave = server.sign_up("dave")
    assert dave.post(f"{API}/import", json=original).status_code == 200
    copied = dave.get(f"{API}/export").json()
    assert copied == renumbered(original, copied)
    assert dave.get(f"{API}/status").json()["goals"] == renumbered_goals(
        alice.get(f"{API}/status").json(), copied, original
    )


def renumbered_goals(status: dict[str, Any], copied: dict[str, Any], original: dict[str, Any]) -> list[Any]:
    """The dashboard's goals with their ids, and their parents', as the import renumbered them."""
    ids = dict(zip([g["id"] for g in original["goals"]], [g["id"] for g in copied["goals"]], strict=True))
    goals: list[dict[str, Any]] = copy.deepcopy(status["goals"])
    for goal in goals:
        goal["id"] = ids[goal["id"]]
        goal["parent_id"] = ids.get(goal["parent_id"]) if goal["parent_id"] else None
    return goals


def test_an_import_into_a_record_that_is_not_empty_is_refused(alice: User, bob: User, database: Any) -> None:
    seed(alice, database)
    exported = alice.get(f"{API}/export").json()
    again = alice.post(f"{API}/import", json=exported)
    assert again.status_code == 409
    assert "already holds 4 goals, 2 check-ins, 2 investments, 1 review" in again.json()["error"]["message"]
    assert alice.get(f"{API}/export").json() == exported

    bob.post(f"{API}/investments", json={"category": "reading", "hours": 1})
    refused = bob.post(f"{API}/import", json=exported)
    assert refused.status_code == 409
    assert "already holds 1 investment" in refused.json()["error"]["message"]
    assert bob.get(f"{API}/profile").json()["profile"]["name"] == "Bob"


def reversed_dependency(exported: dict[str, Any]) -> dict[str, int]:
    [dependency] = exported["task_dependencies"]
    return {"task_id": dependency["depends_on_id"], "depends_on_id": dependency["task_id"]}


@pytest.mark.parametrize(
    ("damage", "refusal"),
    [
        (lambda d: d.update(format="something-else"), ("not a Headway export", "format")),
        (lambda d: d["goals"][1].update(status="forgotten"), ("not consistent", None)),  # the database's CHECK
        (lambda d: d["tasks"][0].update(due="next year"), (r"tasks\[0\]\.due should be a date", "tasks[0].due")),
        (lambda d: d["checkins"][0].pop("on_date"), ('missing "on_date"', "checkins[0].on_date")),
        # goal 1 is bob's: a reference the export does not hold never reaches another person's rows
        (lambda d: d["checkin_entries"][-1].update(goal_id=1), ("does not hold", "checkin_entries[2].goal_id")),
        (lambda d: d["investments"][0].update(hours=float("nan")), ("finite", "investments[0].hours")),
        (lambda d: d["goals"].append(copy.deepcopy(d["goals"][0])), ("appears twice", "goals[4].id")),
        (lambda d: d["goals"][1].update(start_value=None), ("measured by a number", "goals[1].measure_type")),
        (lambda d: d["profile"].update(priorities="growth"), ("JSON list", "profile.priorities")),
        (lambda d: d["profile"].update(name=" "), ("needs a name", "name")),
        (lambda d: d["goals"][3].update(parent_id=d["goals"][2]["id"]), ("its own parent", "goals")),
        (lambda d: d["task_dependencies"].append(reversed_dependency(d)), ("waiting for itself", "tasks")),
    ],
)
def test_a_damaged_export_imports_nothing(
    server: Server, alice: User, database: Any, damage: Any, refusal: tuple[str, str | None]
) -> None:
    says, field = refusal
    bob = server.sign_up("bob")
    bob.post(f"{API}/goals", json={"title": "Bob's", "why": "", "target_date": "2028-01-01"})
    seed(alice, database)
    exported = alice.get(f"{API}/export").json()
    damage(exported)
    dave = server.sign_up("dave")
    response = dave.post(
        f"{API}/import",
        content=json.dumps(exported, allow_nan=True),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 422, response.text
    assert re.search(says, response.json()["error"]["message"]), response.json()
    assert response.json()["error"]["field"] == field
    # All or nothing: not even the profile was taken.
    assert dave.get(f"{API}/profile").json()["profile"]["name"] == "Dave"
    assert dave.get(f"{API}/export").json()["goals"] == []
    assert bob.get(f"{API}/export").json()["checkin_entries"] == []


def test_deleting_everything_takes_the_account_and_ends_the_session(
    server: Server, alice: User, bob: User, database: Any
) -> None:
    seed(alice, database)
    bob.post(f"{API}/investments", json={"category": "reading", "hours": 1})
    person = person_of(database, alice)
    token = alice.post(f"{API}/account/tokens", json={"name": "script", "scope": "read"}).json()["secret"]
    deleted = alice.delete(f"{API}/data")
    assert deleted.status_code == 204
    assert 'headway_session=""' in deleted.headers["set-cookie"]
    assert "Max-Age=0" in deleted.headers["set-cookie"]
    assert alice.get(f"{API}/profile").status_code == 401
    by_token = server.anonymous().get(f"{API}/profile", headers={"Authorization": f"Bearer {token}"})
    assert by_token.status_code == 401  # the personal token went with the account
    signed_in = server.anonymous().post(
        f"{API}/auth/sign-in", json={"email": alice.email, "password": "correct horse battery staple"}
    )
    assert signed_in.status_code == 401
    for table in ("people", "goals", "checkins", "investments", "reviews"):
        column = "id" if table == "people" else "person_id"
        left = database.one(f"SELECT COUNT(*) AS n FROM {table} WHERE {column} = :p", {"p": person})
        assert left is not None
        assert left["n"] == 0, table
    account = database.one("SELECT COUNT(*) AS n FROM accounts WHERE email = :email", {"email": alice.email})
    assert account is not None
    assert account["n"] == 0
    assert bob.get(f"{API}/investments").json()["investments"] != []


def test_data_needs_a_signed_in_person(charlie: User) -> None:
    assert charlie.get(f"{API}/export").status_code == 401
    assert charlie.post(f"{API}/import", json={}).status_code == 401
    assert charlie.delete(f"{API}/data").status_code == 401
