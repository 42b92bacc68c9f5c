"""Occupations, skills, gaps and paths through the API: the occupation data is everyone's, skills are one's own.

Alice was a sales representative (41-4012) and wants to become a sales manager (11-2022); bob shares the server
and must never see her skills; charlie has no account.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from headway.adapters.occupations.store import OccupationStore
from headway.entrypoints.api.app import create_app
from tests.api.conftest import Server, User, answer, refused, settings_for

SALES_REP, SALES_MANAGER = "41-4012.00", "11-2022.00"
NEGOTIATION, PERSONNEL = "2.B.1.d", "2.B.5.d"  # Management of Personnel Resources: 4.0 for a manager


@pytest.fixture
def server(server: Server, catalog: OccupationStore) -> Server:
    """The app with one catalog for the module, as a worker keeps one for every request: unpacking the data and
    indexing the titles would otherwise take a second per test (test_a_warm_match_rebuilds_nothing builds one)."""
    server.app.state.server.__dict__["catalog"] = catalog
    return server


# -- the occupation data -------------------------------------------------------------------------------------------


def test_i_want_to_become_a_sales_manager_ranks_sales_managers_first(alice: User) -> None:
    found = answer(
        alice.get("/api/v1/occupations/match", params={"q": "I want to become a sales manager"}), "occupation_matches"
    )
    assert found["query"] == "I want to become a sales manager"
    assert found["matches"][0]["code"] == SALES_MANAGER
    assert found["matches"][0]["title"] == "Sales Managers"
    assert len(found["matches"]) == 10
    one = answer(
        alice.get("/api/v1/occupations/match", params={"q": "  sales mgr  ", "limit": 1}), "occupation_matches"
    )
    assert [m["code"] for m in one["matches"]] == [SALES_MANAGER]
    assert one["query"] == "sales mgr"
    nothing = answer(alice.get("/api/v1/occupations/match", params={"q": "xyzzy qwv"}), "occupation_matches")
    assert nothing["matches"] == []


def test_a_match_names_the_bad_parameter(alice: User) -> None:
    refused(alice.get("/api/v1/occupations/match"), 422, "q")
    refused(alice.get("/api/v1/occupations/match", params={"q": "   "}), 422, "q")
    refused(alice.get("/api/v1/occupations/match", params={"q": "x" * 501}), 422, "q")
    refused(alice.get("/api/v1/occupations/match", params={"q": "sales", "limit": 0}), 422, "limit")
    refused(alice.get("/api/v1/occupations/match", params={"q": "sales", "limit": 51}), 422, "limit")


def test_a_profile_shows_real_wages_and_all_shows_everything(alice: User) -> None:
    short = answer(alice.get("/api/v1/occupations/11-2022"), "occupation")
    assert short["occupation"]["code"] == SALES_MANAGER
    wages = short["wages"]
    assert (wages["soc"], wages["broader_group"], wages["top_coded_percentiles"]) == ("11-2022", False, [])
    assert wages["annual"]["p10"] < wages["annual"]["median"] < wages["annual"]["p90"]
    assert 100_000 < wages["annual"]["median"] < 250_000, "BLS OEWS: sales managers earn a six-figure median"
    assert short["outlook"]["soc"] == "11-2022"
    assert short["job_zone"]["zone"] == 4
    # As `occupations show` prints it: the ten most important skills and knowledge areas, ten tasks, ten tools.
    assert short["totals"] == {"ratings": 68, "tasks": 17, "technologies": 40}
    assert (len(short["ratings"]), len(short["tasks"]), len(short["technologies"])) == (20, 10, 10)
    assert short["complete"] is False
    importance = [r["importance"] for r in short["ratings"]]
    assert importance == sorted(importance, reverse=True)

    full = answer(alice.get("/api/v1/occupations/11-2022.00", params={"all": "true"}), "occupation")
    assert (len(full["ratings"]), len(full["tasks"]), len(full["technologies"])) == (68, 17, 40)
    assert (full["complete"], full["totals"], full["wages"]) == (True, short["totals"], wages)
    assert {r["element_id"] for r in short["ratings"]} < {r["element_id"] for r in full["ratings"]}


def test_an_occupation_without_data_answers_nulls_not_errors(alice: User) -> None:
    soldier = answer(alice.get("/api/v1/occupations/55-1011"), "occupation")
    assert (soldier["ratings"], soldier["wages"], soldier["job_zone"]) == ([], None, None)
    assert soldier["complete"] is True


def test_an_unknown_code_is_404_and_a_malformed_one_422(alice: User) -> None:
    error = refused(alice.get("/api/v1/occupations/99-9999"), 404, "code")
    assert "There is no occupation 99-9999.00" in error["message"]
    assert "/api/v1/occupations/match" in error["hint"]
    refused(alice.get("/api/v1/occupations/sales-manager"), 422, "code")


def test_about_is_public_and_says_so(charlie: User, server: Server) -> None:
    about = answer(charlie.get("/api/v1/about"), "about")
    assert about["onet_version"] == "29.2"
    assert any("O*NET" in text for text in about["attributions"])
    operation = server.app.openapi()["paths"]["/api/v1/about"]["get"]
    assert "no sign-in" in operation["summary"]
    assert operation["security"] == []


def test_the_rest_needs_a_sign_in(charlie: User) -> None:
    for url in (
        "/api/v1/occupations/match?q=sales",
        "/api/v1/occupations/11-2022",
        "/api/v1/paths?from=41-4012",
        "/api/v1/skills",
        "/api/v1/gap?target=11-2022",
    ):
        assert charlie.get(url).status_code == 401, url
    assert charlie.post("/api/v1/skills", json={"element": "Negotiation", "level": 7}).status_code == 401


# -- skills and the gap ----------------------------------------------------------------------------------------


def gap_line(gap: dict[str, Any], element_id: str) -> dict[str, Any]:
    line: dict[str, Any] = next(e for e in gap["elements"] if e["element_id"] == element_id)
    return line


def test_skills_set_from_an_occupation_and_by_hand_change_the_gap(alice: User) -> None:
    before = answer(alice.get("/api/v1/gap", params={"target": "11-2022"}), "gap")
    assert (before["readiness"], before["unrated_elements"]) == (0, len(before["elements"]))
    assert len(before["activities"]) > 0

    started = answer(alice.post("/api/v1/skills/from-occupation", json={"code": "41-4012"}), "skill_history")
    assert len(started["entries"]) == 68
    assert {(e["evidence"], e["source"], e["date"]) for e in started["entries"]} == {
        ("occupation", SALES_REP, "2026-11-25")
    }
    middle = answer(alice.get("/api/v1/gap", params={"target": "11-2022", "top": 1}), "gap")
    assert 0.5 < middle["readiness"] < 1
    assert middle["unrated_elements"] == 0
    assert len({a["element_id"] for a in middle["activities"]}) == 1
    personnel = gap_line(middle, PERSONNEL)
    assert (personnel["your_level"], personnel["target_level"], personnel["evidence"]) == (1.75, 4.0, "occupation")

    stated = answer(
        alice.post(
            "/api/v1/skills",
            json={
                "element": "management of personnel",
                "level": 4.5,
                "evidence": "credential",
                "source": "  Team leadership course ",
            },
        ),
        "skill",
        201,
    )
    assert stated["skill"] == {
        "element_id": PERSONNEL,
        "name": "Management of Personnel Resources",
        "level": 4.5,
        "evidence": "credential",
        "source": "Team leadership course",
        "note": "",
        "date": "2026-11-25",
    }
    after = answer(alice.get("/api/v1/gap", params={"target": "11-2022.00"}), "gap")
    assert after["readiness"] > middle["readiness"]
    assert (gap_line(after, PERSONNEL)["gap"], gap_line(after, PERSONNEL)["evidence"]) == (0, "credential")

    current = answer(alice.get("/api/v1/skills"), "skills")
    assert {s["element_id"]: s["level"] for s in current["skills"]}[PERSONNEL] == 4.5
    assert "unrated" not in current
    history = answer(alice.get("/api/v1/skills/history", params={"element": PERSONNEL}), "skill_history")
    assert [(e["evidence"], e["level"]) for e in history["entries"]] == [("occupation", 1.75), ("credential", 4.5)]
    assert len(answer(alice.get("/api/v1/skills/history"), "skill_history")["entries"]) == 69


def test_starting_again_from_an_occupation_keeps_higher_levels_unless_replaced(alice: User) -> None:
    alice.post("/api/v1/skills", json={"element": NEGOTIATION, "level": 6})
    again = answer(alice.post("/api/v1/skills/from-occupation", json={"code": "41-4012"}), "skill_history")
    assert NEGOTIATION not in {e["element_id"] for e in again["entries"]}
    assert len(again["entries"]) == 67
    replaced = alice.post("/api/v1/skills/from-occupation", json={"code": "41-4012", "replace": True})
    assert NEGOTIATION in {e["element_id"] for e in answer(replaced, "skill_history")["entries"]}


def test_all_lists_the_elements_not_rated_yet(alice: User) -> None:
    alice.post("/api/v1/skills", json={"element": "Negotiation", "level": 5, "on": "2026-11-20"})
    listed = answer(alice.get("/api/v1/skills", params={"all": "true"}), "skills")
    assert [(s["element_id"], s["date"]) for s in listed["skills"]] == [(NEGOTIATION, "2026-11-20")]
    assert len(listed["unrated"]) == 35 + 33 - 1
    assert NEGOTIATION not in {e["element_id"] for e in listed["unrated"]}
    assert {e["domain"] for e in listed["unrated"]} == {"skill", "knowledge"}


def test_bob_cannot_see_alices_skills(alice: User, bob: User) -> None:
    alice.post("/api/v1/skills/from-occupation", json={"code": "41-4012"})
    alice.post("/api/v1/skills", json={"element": "Negotiation", "level": 6})
    assert answer(bob.get("/api/v1/skills"), "skills")["skills"] == []
    assert answer(bob.get("/api/v1/skills/history"), "skill_history")["entries"] == []
    assert answer(bob.get("/api/v1/skills/history", params={"element": NEGOTIATION}), "skill_history")["entries"] == []
    bobs_gap = answer(bob.get("/api/v1/gap", params={"target": "11-2022"}), "gap")
    assert (bobs_gap["readiness"], bobs_gap["unrated_elements"]) == (0, len(bobs_gap["elements"]))
    # and bob's own statement stays his
    bob.post("/api/v1/skills", json={"element": "Negotiation", "level": 2})
    alices = {s["element_id"]: s["level"] for s in answer(alice.get("/api/v1/skills"), "skills")["skills"]}
    assert alices[NEGOTIATION] == 6


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"level": 7.5}, 422, "level"),
        ({"level": -1}, 422, "level"),
        ({"level": "high"}, 422, "level"),
        ({"element": "Juggling"}, 404, "element"),
        ({"element": "Mathematics"}, 422, "element"),  # a skill and a knowledge area: give the id
        ({"element": ""}, 422, "element"),
        ({"on": "2026-11-26"}, 422, "on"),  # the day after today
        ({"on": "someday"}, 422, "on"),
        ({"evidence": "credential"}, 422, "source"),
        ({"evidence": "occupation"}, 422, "evidence"),  # only Headway records occupation and milestone levels
        ({"note": "x" * 2001}, 422, "note"),
    ],
)
def test_a_bad_skill_names_the_field_and_saves_nothing(
    alice: User, change: dict[str, Any], status: int, field: str
) -> None:
    refused(alice.post("/api/v1/skills", json={"element": "Negotiation", "level": 5, **change}), status, field)
    assert answer(alice.get("/api/v1/skills/history"), "skill_history")["entries"] == []


def test_a_bad_occupation_to_start_from_saves_nothing(alice: User) -> None:
    refused(alice.post("/api/v1/skills/from-occupation", json={"code": "99-9999"}), 404, "code")
    refused(alice.post("/api/v1/skills/from-occupation", json={"code": "rep"}), 422, "code")
    refused(alice.post("/api/v1/skills/from-occupation", json={}), 422, "code")
    error = refused(alice.post("/api/v1/skills/from-occupation", json={"code": "55-1011"}), 422, "code")
    assert "no skill or knowledge ratings" in error["message"]
    assert answer(alice.get("/api/v1/skills/history"), "skill_history")["entries"] == []


def test_history_of_an_unknown_element_is_404(alice: User) -> None:
    refused(alice.get("/api/v1/skills/history", params={"element": "Juggling"}), 404, "element")


def test_a_bad_gap_request_names_the_parameter(alice: User) -> None:
    refused(alice.get("/api/v1/gap"), 422, "target")
    refused(alice.get("/api/v1/gap", params={"target": "99-9999"}), 404, "target")
    refused(alice.get("/api/v1/gap", params={"target": "manager"}), 422, "target")
    refused(alice.get("/api/v1/gap", params={"target": "11-2022", "top": 16}), 422, "top")
    unrated = answer(alice.get("/api/v1/gap", params={"target": "55-1011"}), "gap")
    assert (unrated["rated"], unrated["elements"]) == (False, [])


# -- paths -----------------------------------------------------------------------------------------------------


def test_paths_from_sales_rep_to_sales_manager(alice: User) -> None:
    found = answer(alice.get("/api/v1/paths", params={"from": "41-4012", "to": "11-2022"}), "paths")
    assert (found["from"]["code"], found["to"]["code"]) == (SALES_REP, SALES_MANAGER)
    direct = found["direct"]
    assert (direct["code"], direct["tier"]) == (SALES_MANAGER, None)
    assert direct["wage_change"] > 0, "a manager's median is above a rep's"
    assert found["related"]
    for route in found["routes"]:
        assert route["moves"][-1]["code"] == SALES_MANAGER
        assert route["largest_gap"] < direct["gap"]

    growth = answer(alice.get("/api/v1/paths", params={"from": "41-4012", "sort": "growth"}), "paths")
    assert (growth["to"], growth["direct"], growth["routes"]) == (None, None, [])
    known = [m["growth_percent"] for m in growth["related"] if m["growth_percent"] is not None]
    assert known == sorted(known, reverse=True)
    assert {m["code"] for m in growth["related"]} == {m["code"] for m in found["related"]}


def test_a_bad_paths_request_names_the_parameter(alice: User) -> None:
    refused(alice.get("/api/v1/paths"), 422, "from")
    refused(alice.get("/api/v1/paths", params={"from": "99-9999"}), 404, "from")
    refused(alice.get("/api/v1/paths", params={"from": "41-4012", "to": "99-9999"}), 404, "to")
    refused(alice.get("/api/v1/paths", params={"from": "41-4012", "to": "boss"}), 422, "to")
    refused(alice.get("/api/v1/paths", params={"from": "41-4012", "to": "41-4012.00"}), 422, "to")
    refused(alice.get("/api/v1/paths", params={"from": "41-4012", "sort": "salary"}), 422, "sort")


# -- one catalog per worker ------------------------------------------------------------------------------------


def test_a_warm_match_rebuilds_nothing(database_url: str, tmp_path: Path) -> None:
    """The first request builds the catalog and its matcher; later ones reuse both (no per-request build)."""
    settings = settings_for(database_url, tmp_path)
    own = Server(create_app(settings), settings)
    try:
        alice = own.sign_up("alice")
        parts = own.app.state.server
        assert "catalog" not in parts.__dict__, "nothing is built before it is needed"
        first = alice.get("/api/v1/occupations/match", params={"q": "sales manager"})
        catalog = parts.catalog
        matcher = catalog.matcher
        for _ in range(3):
            again = alice.get("/api/v1/occupations/match", params={"q": "sales manager"})
            assert again.json() == first.json()
        assert parts.catalog is catalog
        assert catalog.matcher is matcher
    finally:
        own.close()
