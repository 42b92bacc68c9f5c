"""The occupation explorer as pages: search (whole page and the htmx fragment), the occupation's profile with the
numbers the API gives, compare-with-me, career paths, "make this my goal" with its reviewed plan, and skills.

Alice was a sales representative (41-4012) and wants to become a sales manager (11-2022); bob shares the server
and never sees her goals or skills. Air Crew Officers (55-1011) have no O*NET ratings, wages or projections.
"""

from __future__ import annotations

import re

import pytest

from headway.adapters.occupations.store import OccupationStore
from tests.web.conftest import Server, User, field_error, text_of

SALES_REP, SALES_MANAGER, AIR_CREW = "41-4012.00", "11-2022.00", "55-1011.00"
PERSUASION = "2.B.1.c"


@pytest.fixture
def server(server: Server, catalog: OccupationStore) -> Server:
    """One catalog for the module, as a worker keeps one (tests/api/test_occupations.py does the same)."""
    server.app.state.server.__dict__["catalog"] = catalog
    return server


def money(value: int) -> str:
    return f"${value:,}"


# -- search ------------------------------------------------------------------------------------------------------


def test_searching_sales_manager_finds_sales_managers_first_and_says_why(alice: User) -> None:
    answer = alice.get("/occupations", params={"q": "sales manager"})
    assert answer.status_code == 200
    results = answer.text.split('id="occ-results"')[1]
    first = re.search(r'<a href="/occupations/([0-9.-]+)"><strong>([^<]+)</strong>', results)
    assert first is not None
    assert first.groups() == (SALES_MANAGER, "Sales Managers")
    words = text_of(results)
    assert "Why: the official title 'Sales Managers' matches" in words
    assert "match 100%" in words
    assert '10 occupations match "sales manager"' in words
    assert 'hx-get="/occupations/search"' in answer.text
    assert 'value="sales manager"' in answer.text


def test_the_htmx_fragment_is_the_results_list_alone(alice: User) -> None:
    fragment = alice.get("/occupations/search", params={"q": "sales manager"}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert "<nav" not in fragment.text
    assert f'href="/occupations/{SALES_MANAGER}"' in fragment.text
    nothing = alice.get("/occupations/search", params={"q": "xyzzy qwv"}, headers={"HX-Request": "true"})
    assert 'No occupation matches "xyzzy qwv"' in text_of(nothing.text)
    plain = alice.get("/occupations/search", params={"q": "nurse"}, follow_redirects=False)
    assert plain.status_code == 303
    assert plain.headers["location"] == "/occupations?q=nurse"


# -- the occupation's page ---------------------------------------------------------------------------------------


def test_the_occupation_page_shows_the_numbers_the_api_gives(alice: User) -> None:
    api = alice.get(f"/api/v1/occupations/{SALES_MANAGER}").json()
    html = alice.get("/occupations/11-2022")
    assert html.status_code == 200
    words = text_of(html.text)
    assert "Sales Managers" in words
    assert api["occupation"]["description"][:60] in words
    annual = api["wages"]["annual"]
    for key in ("p10", "p25", "median", "p75", "p90"):
        assert money(annual[key]) in words, key
    assert f"Median wage a year {money(annual['median'])}" in words
    assert f"{api['wages']['employment']:,} jobs" in words
    outlook = api["outlook"]
    assert f"({outlook['change_percent']:+g}%)" in words
    assert f"Openings a year {outlook['annual_openings_thousands']:g} thousand" in words
    assert f"Typical entry education {outlook['entry_education']}" in words
    assert f"job zone {api['job_zone']['zone']} of 5" in words
    assert api["job_zone"]["name"] in words
    top_skill = api["ratings"][0]
    assert f"{top_skill['name']} {top_skill['importance']:g} {top_skill['level']:g}" in words
    assert api["tasks"][0]["statement"] in words
    assert 'role="img"' in html.text
    assert "Annual wages of Sales Managers, US dollars" in html.text


def test_show_all_lists_every_rated_element_and_task(alice: User) -> None:
    short = text_of(alice.get(f"/occupations/{SALES_MANAGER}").text)
    assert "Skills: 10 of 35, most important first" in short
    everything = text_of(alice.get(f"/occupations/{SALES_MANAGER}", params={"all": "true"}).text)
    assert "Skills: 35 of 35, most important first" in everything
    assert "Knowledge: 33 of 33, most important first" in everything
    assert "17 of 17" in everything  # the tasks


def test_an_occupation_without_ratings_says_so_plainly(alice: User) -> None:
    words = text_of(alice.get(f"/occupations/{AIR_CREW}").text)
    assert "O*NET has no importance or level ratings for this occupation." in words
    assert "O*NET has no skill or knowledge ratings for this occupation, so there is no gap to compute." in words
    assert "BLS publishes no national wage figures for this occupation." in words
    assert "BLS publishes no 2024\N{EN DASH}34 projection for this occupation." in words
    assert "O*NET gives no job zone for this occupation." in words


def test_an_unknown_or_malformed_code_is_a_404_page(alice: User) -> None:
    for code in ("99-9999.00", "not-a-code"):
        answer = alice.get(f"/occupations/{code}")
        assert answer.status_code == 404
        assert "There is nothing here" in text_of(answer.text)


def test_compare_with_me_shows_the_readiness_the_gap_api_computes(alice: User) -> None:
    alice.post("/api/v1/skills/from-occupation", json={"code": SALES_REP})
    gap = alice.get("/api/v1/gap", params={"target": SALES_MANAGER}).json()
    assert 0 < gap["readiness"] < 1
    html = alice.get(f"/occupations/{SALES_MANAGER}").text
    words = text_of(html)
    percent = round(gap["readiness"] * 100)
    assert f"Readiness: {percent}%" in words
    assert f"Your readiness {percent}%" in words
    assert (
        "readiness = Σ w \N{MULTIPLICATION SIGN} min(your level, needed) ÷ Σ w \N{MULTIPLICATION SIGN} needed" in words
    )
    worst = next(e for e in gap["elements"] if e["gap"] > 0)
    assert f"{worst['name']} — needs {worst['target_level']:g}, you {worst['your_level']:g}" in words
    assert gap["activities"][0]["title"] in words
    assert "Your levels against what Sales Managers need</title>" in html  # the chart's title


def test_without_skills_every_element_counts_as_zero_and_the_page_says_how_to_start(alice: User) -> None:
    words = text_of(alice.get(f"/occupations/{SALES_MANAGER}").text)
    assert "Readiness: 0%" in words
    assert "are not in your skills profile and count as level 0" in words


def test_career_paths_sort_by_transferability(alice: User) -> None:
    api = alice.get("/api/v1/paths", params={"from": SALES_REP, "sort": "transferability"}).json()
    html = alice.get(f"/occupations/{SALES_REP}", params={"sort": "transferability"}).text
    table = html.split('<table class="paths')[1].split("</table>")[0]
    codes = re.findall(r'<a href="/occupations/([0-9.-]+)">', table)
    assert codes == [m["code"] for m in api["related"]]
    assert 'aria-sort="descending"' in table
    assert f'href="/occupations/{SALES_REP}?sort=gap#paths"' in html


def test_stepping_stone_routes_are_the_ones_the_api_finds(alice: User) -> None:
    api = alice.get("/api/v1/paths", params={"from": SALES_REP, "to": SALES_MANAGER}).json()
    html = alice.get(f"/occupations/{SALES_REP}", params={"to": SALES_MANAGER}).text
    section = html.split('id="routes-h"')[1].split("</section>")[0]
    assert 'name="to" type="text" value="11-2022.00"' in section
    direct = api["direct"]
    assert (
        f"Direct move to Sales Managers : transferability {round(direct['transferability'] * 100)}%, "
        f"gap {direct['gap']:.2f}, job zone step +0." in text_of(section)
    )
    routes = re.findall(r"<li><strong>Largest gap ([0-9.]+):</strong>(.*?)</li>", section, re.S)
    assert api["routes"], "the data has routes for this pair"
    assert [(gap, re.findall(r'<a href="/occupations/([0-9.-]+)">', stops)) for gap, stops in routes] == [
        (f"{route['largest_gap']:.2f}", [move["code"] for move in route["moves"]]) for route in api["routes"]
    ]


def test_routes_take_words_and_say_what_they_were_read_as_or_why_not(alice: User) -> None:
    words = text_of(alice.get(f"/occupations/{SALES_REP}", params={"to": "sales manager"}).text)
    assert "'sales manager' read as Sales Managers (11-2022.00)." in words
    assert "Direct move to Sales Managers" in words
    unknown = alice.get(f"/occupations/{SALES_REP}", params={"to": "qqqq zzzz"})
    assert unknown.status_code == 200
    assert field_error(unknown.text, "to") == (
        "No occupation matches 'qqqq zzzz'. Try a job title, or an O*NET-SOC code such as 11-2022.00."
    )
    no_such = alice.get(f"/occupations/{SALES_REP}", params={"to": "11-2022.07", "sort": "gap", "all": "true"})
    assert no_such.status_code == 200
    assert field_error(no_such.text, "to") == (
        "There is no occupation 11-2022.07 in O*NET 29.2. Try a job title, or another code."
    )
    assert '<input type="hidden" name="sort" value="gap">' in no_such.text  # the page's view is kept
    assert '<input type="hidden" name="all" value="true">' in no_such.text
    itself = alice.get(f"/occupations/{SALES_REP}", params={"to": SALES_REP})
    assert (field_error(itself.text, "to") or "").endswith("itself: name another occupation.")


# -- make this my goal -------------------------------------------------------------------------------------------


def make_goal(user: User, target_date: str = "2028-11-30") -> int:
    made = user.post(
        f"/occupations/{SALES_MANAGER}/goal",
        data={"title": "Become a sales manager", "why": "Lead a team", "target_date": target_date},
        follow_redirects=False,
    )
    assert made.status_code == 303, made.text
    found = re.fullmatch(rf"/occupations/{re.escape(SALES_MANAGER)}/plan/(\d+)", made.headers["location"])
    assert found is not None, made.headers["location"]
    return int(found.group(1))


def test_make_this_my_goal_creates_the_goal_then_adds_the_milestones_accepted(alice: User) -> None:
    assert 'value="Become a sales manager"' in alice.get(f"/occupations/{SALES_MANAGER}").text
    goal_id = make_goal(alice)
    review = alice.get(f"/occupations/{SALES_MANAGER}/plan/{goal_id}")
    proposal = alice.post(f"/api/v1/goals/{goal_id}/plan/generate", json={}).json()
    titles = [m["title"] for m in proposal["milestones"]]
    assert all(title in text_of(review.text) for title in titles)
    assert len(re.findall(r'name="milestone" value="\d+"\s+checked', review.text)) == len(titles)
    assert alice.get(f"/api/v1/goals/{goal_id}").json()["tasks"] == []  # nothing is added before accepting
    first_two = [m for m in proposal["milestones"] if m["number"] in (1, 2)]
    accepted = alice.post(
        f"/occupations/{SALES_MANAGER}/plan/{goal_id}", data={"milestone": ["1", "2"]}, follow_redirects=False
    )
    assert accepted.status_code == 303
    assert accepted.headers["location"] == f"/goals/{goal_id}"
    goal = alice.get(f"/api/v1/goals/{goal_id}").json()
    assert goal["target_occupation"] == {"code": SALES_MANAGER, "title": "Sales Managers"}
    assert goal["goal"]["title"] == "Become a sales manager"
    assert goal["goal"]["target_date"] == "2028-11-30"
    assert sorted(t["title"] for t in goal["tasks"]) == sorted(m["title"] for m in first_two)
    again = alice.get(f"/occupations/{SALES_MANAGER}/plan/{goal_id}").text
    assert text_of(again).count("already in the plan") == 2


def test_the_goal_form_needs_a_target_date_and_keeps_what_was_typed(alice: User) -> None:
    answer = alice.post(
        f"/occupations/{SALES_MANAGER}/goal", data={"title": "Lead sales", "why": "A team of my own", "target_date": ""}
    )
    assert answer.status_code == 422
    assert field_error(answer.text, "target_date") == "Choose the date you aim to get there by."
    assert 'value="Lead sales"' in answer.text
    assert "A team of my own" in answer.text
    past = alice.post(
        f"/occupations/{SALES_MANAGER}/goal", data={"title": "Lead sales", "why": "", "target_date": "2020-01-01"}
    )
    assert past.status_code == 422
    assert "before the start date" in (field_error(past.text, "target_date") or "")
    assert alice.get("/api/v1/goals").json()["goals"] == []


def test_a_milestone_accepted_without_the_one_it_waits_for_is_refused_beside_the_list(alice: User) -> None:
    goal_id = make_goal(alice)
    answer = alice.post(f"/occupations/{SALES_MANAGER}/plan/{goal_id}", data={"milestone": ["2"]})
    assert answer.status_code == 422
    assert "waits for 1" in (field_error(answer.text, "accept") or "")
    assert re.search(r'name="milestone" value="2"\s+checked', answer.text)
    assert not re.search(r'name="milestone" value="1"\s+checked', answer.text)
    none = alice.post(f"/occupations/{SALES_MANAGER}/plan/{goal_id}", data={})
    assert none.status_code == 422
    assert field_error(none.text, "accept") is not None
    assert alice.get(f"/api/v1/goals/{goal_id}").json()["tasks"] == []


def test_an_occupation_without_ratings_makes_a_goal_without_a_plan(alice: User) -> None:
    made = alice.post(
        f"/occupations/{AIR_CREW}/goal",
        data={"title": "Become an air crew officer", "why": "", "target_date": "2029-01-31"},
        follow_redirects=False,
    )
    assert made.status_code == 303
    goal_id = int(made.headers["location"].removeprefix("/goals/"))
    assert alice.get(f"/api/v1/goals/{goal_id}").json()["target_occupation"]["code"] == AIR_CREW


def test_bob_gets_404_for_alices_plan_and_cannot_accept_it(alice: User, bob: User) -> None:
    goal_id = make_goal(alice)
    assert bob.get(f"/occupations/{SALES_MANAGER}/plan/{goal_id}").status_code == 404
    assert bob.post(f"/occupations/{SALES_MANAGER}/plan/{goal_id}", data={"milestone": ["1"]}).status_code == 404
    assert alice.get(f"/occupations/{SALES_MANAGER}/plan/first").status_code == 404  # not a number: a 404 page
    assert alice.get(f"/api/v1/goals/{goal_id}").json()["tasks"] == []


# -- skills ------------------------------------------------------------------------------------------------------


def test_starting_skills_from_an_occupation_then_setting_one_shows_level_and_evidence(alice: User) -> None:
    empty = text_of(alice.get("/skills").text)
    assert "No skills yet" in empty
    started = alice.post("/skills/from-occupation", data={"code": "41-4012"}, follow_redirects=False)
    assert started.status_code == 303
    assert started.headers["location"] == "/skills?saved=from"
    typical = {s["element_id"]: s for s in alice.get("/api/v1/skills").json()["skills"]}
    assert typical[PERSUASION]["evidence"] == "occupation"
    assert typical[PERSUASION]["source"] == SALES_REP
    saved = alice.post(
        "/skills",
        data={"element": PERSUASION, "level": "5.5", "evidence": "credential", "source": "Negotiation course",
              "note": "", "on": ""},
        follow_redirects=False,
    )  # fmt: skip
    assert saved.status_code == 303
    page = alice.get("/skills").text
    row = page.split(f'href="/skills/history?element={PERSUASION}"')[1].split("</tr>")[0]
    assert "5.5 of 7" in text_of(row)
    assert "Credential · Negotiation course" in text_of(row)
    assert alice.get("/api/v1/skills").json()["skills"] != []
    history = text_of(alice.get("/skills/history", params={"element": PERSUASION}).text)
    assert "Persuasion: your level over time" in history
    assert (
        f"25 Nov 2026 5.5 Credential Negotiation course "
        f"25 Nov 2026 {typical[PERSUASION]['level']:g} Typical of an occupation {SALES_REP}"
    ) in history  # newest first


def test_skill_form_errors_stand_beside_their_fields_and_keep_what_was_typed(alice: User) -> None:
    answer = alice.post(
        "/skills", data={"element": PERSUASION, "level": "9", "evidence": "self", "source": "", "note": "keep me"}
    )
    assert answer.status_code == 422
    assert "outside O*NET's scale of 0 to 7" in (field_error(answer.text, "level") or "")
    assert 'value="9"' in answer.text
    assert 'value="keep me"' in answer.text
    assert re.search(rf'<option value="{re.escape(PERSUASION)}" selected>', answer.text)
    credential = alice.post("/skills", data={"element": PERSUASION, "level": "4", "evidence": "credential"})
    assert field_error(credential.text, "source") is not None
    unknown = alice.post("/skills/from-occupation", data={"code": "99-9999"})
    assert unknown.status_code == 422
    assert "There is no occupation 99-9999.00" in (field_error(unknown.text, "code") or "")
    unrated = alice.post("/skills/from-occupation", data={"code": AIR_CREW})
    assert "no skill or knowledge ratings" in (field_error(unrated.text, "code") or "")
    assert alice.get("/api/v1/skills").json()["skills"] == []


def test_bob_never_sees_alices_skills(alice: User, bob: User) -> None:
    alice.post("/skills", data={"element": PERSUASION, "level": "6", "evidence": "self"})
    assert "6 of 7" in text_of(alice.get("/skills").text)
    assert "6 of 7" not in text_of(bob.get("/skills").text)
    assert "No levels yet" in text_of(bob.get("/skills/history", params={"element": PERSUASION}).text)
