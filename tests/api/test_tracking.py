"""Profile, rhythms, check-ins, investments, the ledger, balance and reviews through the API.

Alice's goals, added in each test that needs them (the tests' clock stands at 2026-11-25):
    #1 'Become a sales manager'  milestones, by 2028-11-25
    #2 'Raise my base salary'    salary 60,000 -> 80,000 USD, by 2028-11-25
Every answer is checked against the schema of the CLI's --json document of its kind.
"""

from __future__ import annotations

from typing import Any

from tests.api.conftest import User, refused
from tests.api.conftest import answer as ok

API = "/api/v1"
MANAGER = {"title": "Become a sales manager", "why": "lead a team", "target_date": "2028-11-25"}
SALARY = {
    "title": "Raise my base salary",
    "why": "security",
    "target_date": "2028-11-25",
    "measure": {"type": "numeric", "metric": "salary", "unit": "USD", "start": 60000, "target": 80000},
}


def goals(user: User) -> tuple[int, int]:
    manager = user.post(f"{API}/goals", json=MANAGER).json()["goal"]["id"]
    salary = user.post(f"{API}/goals", json=SALARY).json()["goal"]["id"]
    return manager, salary


# The profile and rhythms


def test_the_profile_is_set_as_init_sets_it_and_changed_field_by_field(alice: User) -> None:
    shown = ok(alice.get(f"{API}/profile"), "profile")
    assert shown["profile"]["name"] == "Alice"
    assert shown["database"] == "http://127.0.0.1/api/v1"  # the server's address, never its database URL

    alice.put(f"{API}/cadence", json={"checkin": "weekly"})
    profile = {"name": "Alice Smith", "current_role": "Account Executive", "employer": "Northwind"}
    put = ok(
        alice.put(f"{API}/profile", json={**profile, "values": [" growth ", "family", " "], "currency": "eur"}),
        "profile",
    )
    assert put["profile"] == {**profile, "values": ["growth", "family"], "currency": "EUR"}
    changed = ok(alice.patch(f"{API}/profile", json={"employer": "Contoso"}), "profile")
    assert changed["profile"] == {**put["profile"], "employer": "Contoso"}
    # `headway init` says nothing of the rhythms: setting the profile keeps them.
    assert alice.get(f"{API}/cadence").json()["checkin"]["rhythm"] == "weekly"


def test_a_bad_profile_names_the_field_and_changes_nothing(alice: User) -> None:
    refused(alice.put(f"{API}/profile", json={"name": "Alice", "currency": "EURO"}), 422, "currency")
    refused(alice.put(f"{API}/profile", json={"name": ""}), 422, "name")
    refused(alice.put(f"{API}/profile", json={"current_role": "AE"}), 422, "name")
    refused(alice.patch(f"{API}/profile", json={"name": "   "}), 422, "name")
    refused(alice.patch(f"{API}/profile", json={"values": ["x" * 101]}), 422, "values.0")
    refused(alice.patch(f"{API}/profile", json={"employr": "Contoso"}), 422, "employr")
    assert alice.get(f"{API}/profile").json()["profile"]["name"] == "Alice"
    assert alice.get(f"{API}/profile").json()["profile"]["currency"] == "USD"


def test_the_cadence_is_read_and_changed(alice: User) -> None:
    before = ok(alice.get(f"{API}/cadence"), "cadence")
    assert before["checkin"]["rhythm"] == "fortnightly"
    assert before["checkin"]["last"] is None
    after = ok(alice.put(f"{API}/cadence", json={"checkin": "weekly", "weekly_capacity_hours": 10}), "cadence")
    assert after["checkin"]["rhythm"] == "weekly"
    assert after["review"]["rhythm"] == "quarterly"
    assert after["weekly_capacity_hours"] == 10
    refused(alice.put(f"{API}/cadence", json={"checkin": "daily"}), 422, "checkin")
    refused(alice.put(f"{API}/cadence", json={"weekly_capacity_hours": 0}), 422, "weekly_capacity_hours")
    refused(alice.put(f"{API}/cadence", json={}), 422, "checkin")
    assert alice.get(f"{API}/cadence").json() == after


# Check-ins


def test_a_check_in_is_the_document_checkin_stdin_reads(alice: User) -> None:
    manager, salary = goals(alice)
    document = {
        "ratings": {"fulfilment": 7, "balance": 5},
        "note": "A good fortnight",
        "goals": [
            {"goal": salary, "value": 65000, "confidence": 4, "went_well": "a raise offer"},
            {"goal": "sales manager", "next_step": "ask for a mentor"},
        ],
        "review": {"goals": [{"goal": manager, "still_right": True}]},
    }
    saved = ok(alice.post(f"{API}/checkins", json=document), "checkin", 201)["checkin"]
    assert saved["date"] == "2026-11-25"
    assert saved["ratings"] == {"fulfilment": 7, "balance": 5, "achievement": None, "financial": None}
    assert [(e["goal_id"], e["value"], e["progress"]) for e in saved["goals"]] == [
        (salary, 65000, 0.25),
        (manager, None, 0.0),
    ]
    assert alice.get(f"{API}/goals/{salary}").json()["goal"]["measure"]["current"] == 65000
    review = ok(alice.get(f"{API}/review"), "review")
    assert [(a["goal_id"], a["still_right"]) for a in review["answers"]] == [(manager, True)]
    assert alice.get(f"{API}/cadence").json()["checkin"]["last"] == "2026-11-25"


def test_check_ins_are_listed_newest_first_a_page_at_a_time(alice: User) -> None:
    for day in ("2026-11-01", "2026-11-10", "2026-11-20"):
        ok(alice.post(f"{API}/checkins", json={"date": day, "ratings": {"fulfilment": 6}}), "checkin", 201)
    first = ok(alice.get(f"{API}/checkins", params={"limit": 2}), "checkin_list")
    assert [c["date"] for c in first["checkins"]] == ["2026-11-20", "2026-11-10"]
    assert first["page"] == {"offset": 0, "limit": 2, "next_offset": 2}
    rest = ok(alice.get(f"{API}/checkins", params={"limit": 2, "offset": 2}), "checkin_list")
    assert [c["date"] for c in rest["checkins"]] == ["2026-11-01"]
    assert rest["page"]["next_offset"] is None
    refused(alice.get(f"{API}/checkins", params={"limit": 0}), 422, "limit")


def test_the_goals_due_at_a_check_in_are_the_active_ones(alice: User) -> None:
    manager, salary = goals(alice)
    alice.post(f"{API}/goals/{manager}/status", json={"status": "paused", "version": 1})
    due = ok(alice.get(f"{API}/checkins/due"), "goal_list")
    assert [g["id"] for g in due["goals"]] == [salary]


def test_a_bad_check_in_names_the_field_and_saves_nothing(alice: User) -> None:
    manager, salary = goals(alice)
    bad: list[tuple[Any, str | None]] = [
        ({"ratings": {"fulfilment": 11}}, "ratings.fulfilment"),
        ({"ratings": {"happiness": 7}}, "ratings.happiness"),
        ({"mood": "great"}, "mood"),
        ({"date": "2026-12-01"}, "date"),
        ({"date": "someday soon-ish"}, "date"),
        ({"goals": [{"confidence": 3}]}, "goals[0].goal"),
        ({"goals": [{"goal": salary, "value": "68k"}]}, "goals[0].value"),
        ({"goals": [{"goal": salary, "confidence": 6}]}, "goals[0].confidence"),
        ({"goals": [{"goal": ""}]}, "goals[0].goal"),
        ({"goals": [{"goal": manager, "value": 5}]}, "value"),  # a milestone goal takes no value
        ({"goals": [{"goal": salary}, {"goal": f"#{salary}"}]}, "goals"),
        ({"review": {"goals": [{"goal": manager, "still_right": "yes"}]}}, "review.goals[0].still_right"),
        ([1, 2], None),
    ]
    for document, field in bad:
        refused(alice.post(f"{API}/checkins", json=document), 422, field)
    not_finite = alice.post(
        f"{API}/checkins",
        content=f'{{"done": [], "goals": [{{"goal": {salary}, "value": NaN}}]}}',
        headers={"Content-Type": "application/json"},
    )
    refused(not_finite, 422, "goals[0].value")
    assert alice.get(f"{API}/checkins").json()["checkins"] == []
    assert alice.get(f"{API}/goals/{salary}").json()["goal"]["measure"]["current"] == 60000


def test_another_persons_goal_or_task_is_not_found_and_nothing_is_saved(alice: User, bob: User) -> None:
    mine, _ = goals(alice)
    theirs = bob.post(f"{API}/goals", json=SALARY).json()["goal"]["id"]
    response = alice.post(f"{API}/checkins", json={"goals": [{"goal": mine}, {"goal": theirs, "value": 1}]})
    assert refused(response, 404, None)["code"] == "not_found"
    response = alice.post(f"{API}/checkins", json={"review": {"goals": [{"goal": theirs, "still_right": False}]}})
    refused(response, 404, None)
    assert alice.get(f"{API}/checkins").json()["checkins"] == []
    assert bob.get(f"{API}/goals/{theirs}").json()["goal"]["measure"]["current"] == 60000
    assert bob.get(f"{API}/checkins").json()["checkins"] == []


# Investments, the ledger and balance


def test_investments_are_logged_listed_and_add_up_in_the_ledger(alice: User) -> None:
    _, salary = goals(alice)
    course = {"category": "course", "hours": 3, "amount": 49, "goal_id": salary, "note": "Negotiation, module 1"}
    saved = ok(alice.post(f"{API}/investments", json=course), "investment_list", 201)["investments"]
    assert saved == [
        {
            "id": saved[0]["id"],
            "date": "2026-11-25",
            "category": "course",
            "hours": 3,
            "amount": 49,
            "currency": "USD",
            "goal_id": salary,
            "note": "Negotiation, module 1",
        }
    ]
    book = {"category": "reading", "hours": 1, "date": "5 days ago", "currency": "eur", "amount": 20}
    ok(alice.post(f"{API}/investments", json=book), "investment_list", 201)
    listed = ok(alice.get(f"{API}/investments", params={"limit": 1}), "investment_list")
    assert [i["note"] for i in listed["investments"]] == ["Negotiation, module 1"]
    assert listed["page"] == {"offset": 0, "limit": 1, "next_offset": 1}
    older = ok(alice.get(f"{API}/investments", params={"offset": 1}), "investment_list")["investments"]
    assert [(i["category"], i["currency"], i["date"]) for i in older] == [("reading", "EUR", "2026-11-20")]

    ledger = ok(alice.get(f"{API}/ledger"), "ledger")
    assert ledger["total"] == {"hours": 4, "amounts": {"EUR": 20, "USD": 49}}
    assert ledger["this_month"]["target_hours"] is None
    targeted = ok(alice.put(f"{API}/investments/target", json={"hours": 8, "amount": 100}), "ledger")
    assert (targeted["this_month"]["target_hours"], targeted["this_month"]["hours_share"]) == (8, 0.5)
    removed = ok(alice.put(f"{API}/investments/target", json={"hours": 0}), "ledger")["this_month"]
    assert (removed["target_hours"], removed["target_amount"]) == (None, 100)


def test_a_mistyped_investment_is_deleted_and_counts_no_more(alice: User, bob: User) -> None:
    kept = ok(alice.post(f"{API}/investments", json={"category": "course", "hours": 2}), "investment_list", 201)
    typo = ok(alice.post(f"{API}/investments", json={"category": "course", "hours": 15}), "investment_list", 201)
    typo_id = typo["investments"][0]["id"]
    assert ok(alice.get(f"{API}/status"), "status")["investment"]["this_month_hours"] == 17
    assert bob.delete(f"{API}/investments/{typo_id}").status_code == 404  # not his: as if it did not exist
    assert alice.delete(f"{API}/investments/{typo_id}").status_code == 204
    ok(alice.post(f"{API}/investments", json={"category": "course", "hours": 1.5}), "investment_list", 201)
    listed = ok(alice.get(f"{API}/investments"), "investment_list")["investments"]
    assert [i["hours"] for i in listed] == [1.5, 2]
    assert kept["investments"][0]["id"] in [i["id"] for i in listed]
    assert ok(alice.get(f"{API}/ledger"), "ledger")["total"]["hours"] == 3.5
    assert ok(alice.get(f"{API}/status"), "status")["investment"]["this_month_hours"] == 3.5
    again = refused(alice.delete(f"{API}/investments/{typo_id}"), 404, None)
    assert again["message"] == f"There is no investment #{typo_id}."


def test_a_bad_investment_names_the_field_and_saves_nothing(alice: User, bob: User) -> None:
    theirs = bob.post(f"{API}/goals", json=SALARY).json()["goal"]["id"]
    bad: list[tuple[dict[str, Any], int, str | None]] = [
        ({"category": "lottery", "hours": 1}, 422, "category"),
        ({"category": "course", "hours": -1}, 422, "hours"),
        ({"category": "course"}, 422, "hours"),  # neither time nor money
        ({"category": "course", "hours": 1, "date": "2026-12-01"}, 422, "date"),
        ({"category": "course", "hours": 1, "currency": "E"}, 422, "currency"),
        ({"category": "course", "hours": 1, "goal_id": theirs}, 404, None),
        ({"category": "course", "hours": 1, "goal_id": 0}, 422, "goal_id"),
        ({"category": "course", "hours": True}, 422, "hours"),  # JSON's true is not a number of hours
        ({"category": "course", "hour": 1}, 422, "hour"),  # a misspelt field is refused, not ignored
        ({"category": "course", "hours": 1, "date": 20261120}, 422, "date"),
    ]
    for body, status, field in bad:
        refused(alice.post(f"{API}/investments", json=body), status, field)
    refused(alice.put(f"{API}/investments/target", json={}), 422, "hours")
    refused(alice.put(f"{API}/investments/target", json={"amount": -5}), 422, "amount")
    assert alice.get(f"{API}/investments").json()["investments"] == []
    assert alice.get(f"{API}/ledger").json()["this_month"]["target_amount"] is None


def test_the_balance_follows_the_ratings(alice: User) -> None:
    empty = ok(alice.get(f"{API}/balance"), "balance")
    assert empty["checkins"] == 0
    for day, fulfilment in (("2026-09-01", 8), ("2026-10-01", 6), ("2026-11-01", 4)):
        alice.post(f"{API}/checkins", json={"date": day, "ratings": {"fulfilment": fulfilment, "balance": 7}})
    balance = ok(alice.get(f"{API}/balance"), "balance")
    assert balance["checkins"] == 3
    fulfilment = next(d for d in balance["dimensions"] if d["name"] == "fulfilment")
    assert [r["value"] for r in fulfilment["series"]] == [8, 6, 4]
    assert balance["weakest"] == "fulfilment"


# Reviews


def test_a_review_is_reported_and_its_answers_recorded(alice: User) -> None:
    manager, salary = goals(alice)
    report = ok(alice.get(f"{API}/review", params={"period": "month"}), "review")
    assert (report["period"], report["start"], report["end"]) == ("month", "2026-10-26", "2026-11-25")
    assert report["answers"] == []
    answers = {
        "date": "2026-11-24",
        "note": "Mid-quarter",
        "goals": [{"goal": manager, "still_right": True, "note": "yes"}, {"goal": "salary", "still_realistic": False}],
    }
    recorded = ok(alice.post(f"{API}/reviews", json=answers), "review", 201)
    assert [(a["date"], a["goal_id"], a["still_right"], a["still_realistic"]) for a in recorded["answers"]] == [
        ("2026-11-24", manager, True, None),
        ("2026-11-24", salary, None, False),
    ]
    assert alice.get(f"{API}/cadence").json()["review"]["last"] == "2026-11-24"


def test_bad_review_answers_name_the_field_and_record_nothing(alice: User, bob: User) -> None:
    manager, _ = goals(alice)
    theirs = bob.post(f"{API}/goals", json=MANAGER).json()["goal"]["id"]
    bad: list[tuple[Any, int, str | None]] = [
        ({"goals": [{"goal": manager, "still_right": "yes"}]}, 422, "goals[0].still_right"),
        ({"goals": [{"goal": manager, "mood": 3}]}, 422, "goals[0].mood"),
        ({"goals": [{"still_right": True}]}, 422, "goals[0].goal"),
        ({"goals": [{"goal": manager}]}, 422, "review"),  # nothing answered
        ({"mood": "fine"}, 422, "mood"),
        ({"date": "2026-12-24", "note": "ahead of time"}, 422, "date"),
        ({"goals": [{"goal": manager, "still_right": True}, {"goal": theirs, "still_right": True}]}, 404, None),
        ("answers", 422, None),
    ]
    for body, status, field in bad:
        refused(alice.post(f"{API}/reviews", json=body), status, field)
    refused(alice.get(f"{API}/review", params={"period": "decade"}), 422, "period")
    assert alice.get(f"{API}/review").json()["answers"] == []
    assert alice.get(f"{API}/cadence").json()["review"]["last"] is None


# Who may see what


def test_each_person_sees_only_their_own_tracking(alice: User, bob: User, charlie: User) -> None:
    alice.post(f"{API}/checkins", json={"note": "mine"})
    alice.post(f"{API}/investments", json={"category": "reading", "hours": 1})
    assert bob.get(f"{API}/checkins").json()["checkins"] == []
    assert bob.get(f"{API}/investments").json()["investments"] == []
    assert bob.get(f"{API}/ledger").json()["total"]["hours"] == 0
    assert bob.get(f"{API}/profile").json()["profile"]["name"] == "Bob"
    for path in (
        "/profile",
        "/cadence",
        "/checkins",
        "/checkins/due",
        "/investments",
        "/ledger",
        "/balance",
        "/review",
    ):
        assert charlie.get(API + path).status_code == 401, path
    assert charlie.post(f"{API}/checkins", json={}).status_code == 401


def test_the_openapi_document_describes_the_bodies_read_as_documents(alice: User) -> None:
    openapi = alice.get("/api/openapi.json").json()
    body = openapi["paths"]["/api/v1/checkins"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["$ref"] == "#/components/schemas/CheckinInputDocument"
    assert "CheckinInputDocument" in openapi["components"]["schemas"]
    for path in ("/api/v1/profile", "/api/v1/cadence", "/api/v1/ledger", "/api/v1/balance", "/api/v1/review"):
        assert path in openapi["paths"], path
