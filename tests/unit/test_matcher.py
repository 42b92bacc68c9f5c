"""The occupation matcher: goal phrasing, abbreviations, misspellings and ranking, on a small index and the real one."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from headway.adapters.occupations.match_query import parse_query
from headway.adapters.occupations.match_text import mine_abbreviations, stem, title_halves, title_terms
from headway.adapters.occupations.matcher import CACHE_NAME, Match, Matcher
from headway.adapters.occupations.store import bundled_path
from headway.domain.errors import ValidationError

BUNDLED = bundled_path()
ROOT = Path(__file__).resolve().parents[2]

# A small index a reader can hold: official titles, alternate titles, a short title and a mined abbreviation (LVN).
OCCUPATIONS = {
    "11-2022.00": "Sales Managers",
    "41-2031.00": "Retail Salespersons",
    "29-1141.00": "Registered Nurses",
    "29-2061.00": "Licensed Practical and Licensed Vocational Nurses",
    "13-2011.00": "Accountants and Auditors",
    "15-1252.00": "Software Developers",
    "15-2051.00": "Data Scientists",
}
TITLES = [
    ("11-2022.00", "Sales Manager", "alternate"),
    ("11-2022.00", "Regional Sales Manager", "alternate"),
    ("11-2022.00", "District Sales Manager", "alternate"),
    ("41-2031.00", "Sales Associate", "alternate"),
    ("41-2031.00", "Retail Sales Clerk", "reported"),
    ("29-1141.00", "Registered Nurse (RN)", "alternate"),
    ("29-1141.00", "RN", "short"),
    ("29-2061.00", "Licensed Vocational Nurse (LVN)", "alternate"),
    ("29-2061.00", "LVN", "short"),
    ("13-2011.00", "Certified Public Accountant (CPA)", "alternate"),
    ("13-2011.00", "Accountant", "alternate"),
    ("15-1252.00", "Software Engineer", "alternate"),
    ("15-1252.00", "Senior Software Engineer", "reported"),
    ("15-2051.00", "Data Scientist", "alternate"),
]


@pytest.fixture(scope="module")
def small() -> Matcher:
    return Matcher.from_rows(TITLES, OCCUPATIONS)


@pytest.fixture(scope="module")
def bundled_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def bundled(bundled_cache: Path) -> Iterator[Matcher]:
    """The matcher over the bundled O*NET titles, built once for the module (it takes most of a second), and cached."""
    db = sqlite3.connect(f"file:{BUNDLED}?mode=ro", uri=True)
    try:
        yield Matcher.load(db, dataset=BUNDLED, cache_dir=bundled_cache)
    finally:
        db.close()


def closed_db() -> sqlite3.Connection:
    """A connection that fails on use: a matcher loaded with it was read from the cache, not built."""
    db = sqlite3.connect(":memory:")
    db.close()
    return db


def write_dataset(path: Path, titles: list[tuple[str, str, str]]) -> None:
    """A dataset file holding the small index's occupations and the given title rows."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE IF NOT EXISTS occupation (code TEXT PRIMARY KEY, title TEXT)")
        db.execute("CREATE TABLE IF NOT EXISTS title (code TEXT, title TEXT, source TEXT)")
        db.execute("DELETE FROM occupation")
        db.execute("DELETE FROM title")
        db.executemany("INSERT INTO occupation VALUES (?, ?)", OCCUPATIONS.items())
        db.executemany("INSERT INTO title VALUES (?, ?, ?)", titles)
    db.close()


def load(dataset: Path, cache_dir: Path) -> Matcher:
    db = sqlite3.connect(dataset)
    try:
        return Matcher.load(db, dataset=dataset, cache_dir=cache_dir)
    finally:
        db.close()


def codes(found: list[Match]) -> list[str]:
    return [m.code for m in found]


def soc6(found: list[Match]) -> list[str]:
    return [m.code[:7] for m in found]


# -- the small index ------------------------------------------------------------------------------------------


def test_an_exact_title_scores_one_and_names_the_official_title(small: Matcher) -> None:
    best = small.match("Regional Sales Manager")[0]
    assert best == Match(
        code="11-2022.00", title="Sales Managers", score=1.0, why="the alternate title 'Regional Sales Manager' matches"
    )
    # "Sales Manager" is the official title in the singular: the official title is the one named.
    assert small.match("Sales Manager")[0].why == "the official title 'Sales Managers' matches"


def test_case_punctuation_plurals_and_ampersand_are_normalised(small: Matcher) -> None:
    assert small.match("SALES MANAGERS!!")[0].score == 1.0
    best = small.match("accountants & auditors")[0]
    assert (best.code, best.score) == ("13-2011.00", 1.0)


def test_goal_phrasing_is_stripped_and_said_in_the_why(small: Matcher) -> None:
    for text in (
        "I want to become a sales manager",
        "I'd like to get promoted to sales manager in 2 years",
        "land a job as a sales manager",
    ):
        best = small.match(text)[0]
        assert (best.code, best.score) == ("11-2022.00", 1.0), text
        assert "read as a goal phrase" in best.why
    assert "'I want to become a' read as a goal phrase" in small.match("I want to become a sales manager")[0].why


def test_a_field_finds_the_people_who_work_in_it(small: Matcher) -> None:
    assert codes(small.match("move into data science"))[0] == "15-2051.00"
    assert codes(small.match("work in accounting"))[0] == "13-2011.00"


def test_abbreviations_from_the_hand_list_and_mined_from_long_form_titles(small: Matcher) -> None:
    rn = small.match("become an RN")[0]
    assert (rn.code, rn.score) == ("29-1141.00", 1.0)
    lvn = small.match("LVN")[0]  # in no hand list: learned from "Licensed Vocational Nurse (LVN)"
    assert (lvn.code, lvn.score) == ("29-2061.00", 1.0)
    assert "'LVN' read as 'licensed vocational nurse'" in lvn.why
    assert codes(small.match("sr software eng"))[0] == "15-1252.00"


def test_misspellings_are_corrected_and_cost_a_little(small: Matcher) -> None:
    best = small.match("acountant")[0]
    assert best.code == "13-2011.00"
    assert 0.7 < best.score < 1.0
    assert "'acountant' read as 'accountant'" in best.why
    assert codes(small.match("sofware enginer"))[0] == "15-1252.00"


def test_one_match_per_occupation_best_first_within_the_limit(small: Matcher) -> None:
    found = small.match("sales", limit=2)
    assert len(found) == 2
    assert len(set(codes(small.match("sales")))) == len(small.match("sales"))
    scores = [m.score for m in small.match("registered sales nurse")]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 1 and round(s, 2) == s for s in scores)


def test_only_an_exact_title_scores_one(small: Matcher) -> None:
    assert small.match("regional sales manager")[0].score == 1.0
    near = small.match("senior sales manager")[0]
    assert near.code == "11-2022.00"
    assert near.score < 1.0
    assert "is the closest, sharing 'sales manager" in near.why


@pytest.mark.parametrize("text", ["", "   ", "???", "I want to", "I want to become a"])
def test_empty_or_meaningless_input_is_refused_with_a_hint(small: Matcher, text: str) -> None:
    with pytest.raises(ValidationError) as raised:
        small.match(text)
    assert raised.value.field == "text"
    assert raised.value.hint is not None
    assert "sales manager" in raised.value.hint


def test_a_word_no_title_has_lowers_the_score_but_still_matches(small: Matcher) -> None:
    best = small.match("sales wizard")[0]
    assert best.code in {"11-2022.00", "41-2031.00"}
    assert best.score < 0.9


def test_an_abbreviation_with_two_meanings_is_read_both_ways() -> None:
    matcher = Matcher.from_rows(
        [
            ("29-1123.00", "Physical Therapist (PT)", "alternate"),
            ("29-2053.00", "Psychiatric Technician (PT)", "alternate"),
        ],
        {"29-1123.00": "Physical Therapists", "29-2053.00": "Psychiatric Technicians"},
    )
    found = matcher.match("PT")
    assert sorted(codes(found)) == ["29-1123.00", "29-2053.00"]
    assert all(m.score == 1.0 for m in found)
    assert {m.why.split("; ")[1] for m in found} == {
        "'PT' read as 'physical therapist'",
        "'PT' read as 'psychiatric technician'",
    }


def test_a_word_too_far_from_any_title_is_kept_as_typed(small: Matcher) -> None:
    best = small.match("xyzzyq accountant")[0]
    assert best.code == "13-2011.00"
    assert "xyzzyq" not in best.why  # nothing was read into it
    assert best.score < 0.9


# -- reading text ---------------------------------------------------------------------------------------------


def test_parse_query_strips_goal_phrasing_but_never_a_title() -> None:
    parsed = parse_query("land a job as a UX designer in 2 years")
    assert [w.text for w in parsed.words] == ["UX", "designer"]
    assert (parsed.goal_phrase, parsed.trailing_phrase) == ("land a job as a", "in 2 years")
    assert [w.text for w in parse_query("IT Manager").words] == ["IT", "Manager"]  # "it" alone is no intent
    assert [w.text for w in parse_query("Land Surveyor").words] == ["Land", "Surveyor"]
    assert parse_query("I want to").words == ()


@pytest.mark.parametrize(
    ("text", "job"),
    [
        ("I'm a nurse and want to become a nurse practitioner", "nurse practitioner"),
        ("move from sales into marketing", "marketing"),
        ("transition from teaching to instructional design", "instructional design"),
        ("my dream job is wildlife photographer", "wildlife photographer"),
        ("I WANT TO BE A NURSE", "NURSE"),
        ("get promoted to engineering manager", "engineering manager"),
        ("Want Ad Clerk", "Want Ad Clerk"),  # a title: "want" with no other goal word is no intent
        ("IM Physician", "IM Physician"),  # "IM" in capitals is internal medicine, not "I'm"
    ],
)
def test_parse_query_finds_the_job_in_a_goal(text: str, job: str) -> None:
    assert " ".join(w.text for w in parse_query(text).words) == job


def test_stems_fold_a_field_into_its_worker_without_folding_other_jobs() -> None:
    assert stem("nursing") == stem("nurses")
    assert stem("science") == stem("scientist")
    assert stem("design") == stem("designers")
    assert stem("physician") != stem("physics")
    assert stem("police") != stem("policy")


def test_titles_are_indexed_by_their_words_and_head_noun() -> None:
    assert title_terms("Director of Sales", {}) == (frozenset({"director", "sales"}), "director")
    assert title_terms("Cooks, Restaurant", {})[1] == "cook"
    terms, head = title_terms("Design Eng", {"eng": ("engineer",)})
    assert (terms, head) == (frozenset({"design", "engineer"}), "engineer")
    # An abbreviation that is also a word is spelt out only in capitals.
    assert "information" in title_terms("IT Manager", {"it": ("information", "technology")})[0]


def test_long_form_titles_split_but_a_qualifier_stays() -> None:
    assert title_halves("Registered Nurse (RN)", {"rn": ()}) == ["Registered Nurse"]
    assert title_halves("Dept Store GM (Department Store General Manager)") == [
        "Dept Store GM",
        "Department Store General Manager",
    ]
    assert title_halves("Intelligence Officer (Management)") == ["Intelligence Officer (Management)"]
    assert title_halves("RN", {"rn": ()}) == []  # the short title: "Registered Nurse (RN)" indexes it


def test_abbreviations_are_mined_from_long_form_titles() -> None:
    mined = mine_abbreviations(
        [
            "Dept Store GM (Department Store General Manager)",
            "General Manager (GM)",
            "Heating, Ventilation, and Air Conditioning Mechanic (HVAC Mechanic)",
            "Ship Captain (Master)",  # not an abbreviation: "master" is no contraction of "ship captain"
        ]
    )
    assert mined["gm"] == [(("general", "manager"), 2)]
    assert mined["dept"] == [(("department",), 1)]
    assert mined["hvac"] == [(("heating", "ventilation", "air", "conditioning"), 1)]
    assert "master" not in mined


# -- the index cache --------------------------------------------------------------------------------------------

QUERIES = ["sales manager", "RN", "I want to become an LVN", "sofware enginer", "data science", "auditor", "clerk"]


def test_a_cached_index_matches_exactly_as_a_fresh_build(small: Matcher, tmp_path: Path) -> None:
    write_dataset(tmp_path / "occupations.sqlite", TITLES)
    load(tmp_path / "occupations.sqlite", tmp_path / "cache")
    assert (tmp_path / "cache" / CACHE_NAME).is_file()
    cached = Matcher.load(closed_db(), dataset=tmp_path / "occupations.sqlite", cache_dir=tmp_path / "cache")
    assert [cached.match(q) for q in QUERIES] == [small.match(q) for q in QUERIES]


def test_a_corrupt_cache_is_ignored_and_replaced(small: Matcher, tmp_path: Path) -> None:
    write_dataset(tmp_path / "occupations.sqlite", TITLES)
    load(tmp_path / "occupations.sqlite", tmp_path / "cache")
    cache = tmp_path / "cache" / CACHE_NAME
    whole = cache.read_bytes()
    for damaged in (b"not marshal data", whole[: len(whole) // 2], whole[:-40] + bytes(40)):
        cache.write_bytes(damaged)
        assert [load(tmp_path / "occupations.sqlite", tmp_path / "cache").match(q) for q in QUERIES] == [
            small.match(q) for q in QUERIES
        ]
        assert cache.read_bytes() == whole


def test_a_changed_dataset_invalidates_the_cache(tmp_path: Path) -> None:
    dataset = tmp_path / "occupations.sqlite"
    write_dataset(dataset, TITLES)
    assert load(dataset, tmp_path / "cache").match("tax preparer") == []
    write_dataset(dataset, [*TITLES, ("13-2011.00", "Tax Preparer", "alternate")])
    os.utime(dataset, ns=(1, 1))  # an older time than the cache's: only the change matters, not its direction
    best = load(dataset, tmp_path / "cache").match("tax preparer")[0]
    assert (best.code, best.score) == ("13-2011.00", 1.0)


def test_a_cache_folder_that_cannot_be_written_is_done_without(small: Matcher, tmp_path: Path) -> None:
    write_dataset(tmp_path / "occupations.sqlite", TITLES)
    (tmp_path / "home").write_text("a file where the folder would be")
    matcher = load(tmp_path / "occupations.sqlite", tmp_path / "home" / "cache")
    assert matcher.match("sales manager") == small.match("sales manager")


def test_the_bundled_index_read_from_the_cache_matches_as_built(bundled: Matcher, bundled_cache: Path) -> None:
    cached = Matcher.load(closed_db(), dataset=BUNDLED, cache_dir=bundled_cache)
    queries = [*QUERIES, "Circulating Nurse", "UAS Technician", "I want to become a vet tech", "HR mgr", "welding"]
    assert [cached.match(q) for q in queries] == [bundled.match(q) for q in queries]


def test_the_index_does_not_depend_on_the_hash_seed() -> None:
    program = (
        "import hashlib, marshal; from tests.unit.test_matcher import OCCUPATIONS, TITLES; "
        "from headway.adapters.occupations.matcher import build_index; "
        "print(hashlib.sha256(marshal.dumps(build_index(TITLES, OCCUPATIONS))).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", program],
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(digests) == 1


# -- the bundled O*NET data -----------------------------------------------------------------------------------


def test_the_bundled_file_loads_every_occupation(bundled: Matcher) -> None:
    best = bundled.match("sales manager")[0]
    assert (best.code, best.title, best.score) == ("11-2022.00", "Sales Managers", 1.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I want to become a sales manager", {"11-2022"}),
        ("I want to become a registered nurse", {"29-1141"}),
        ("RN", {"29-1141"}),
        ("become an RN", {"29-1141"}),
        ("HR manager", {"11-3121"}),
        ("UX designer", {"15-1255"}),
        ("transition to UX design", {"15-1255"}),
        ("move into data science", {"15-2051"}),
        ("get promoted to engineering manager", {"11-9041", "11-3021"}),
        ("CPA", {"13-2011"}),
        ("work as a vet tech", {"29-2056"}),
        ("sofware enginer", {"15-1252"}),
        ("acountant", {"13-2011"}),
        ("nurce", {"29-1141"}),
        ("sr software eng", {"15-1252"}),
        ("restaurant mgr", {"11-9051"}),
    ],
)
def test_bundled_top_match(bundled: Matcher, text: str, expected: set[str]) -> None:
    assert soc6(bundled.match(text, limit=1))[0] in expected


def test_bundled_qa_and_pm_find_their_occupations_in_the_top_five(bundled: Matcher) -> None:
    assert "15-1253" in soc6(bundled.match("QA tester", limit=5))
    assert "13-1082" in soc6(bundled.match("PM", limit=5))


def test_bundled_why_says_what_was_read(bundled: Matcher) -> None:
    why = bundled.match("I want to become an RN in 2 years")[0].why
    assert why == (
        "the official title 'Registered Nurses' matches; 'I want to become an' read as a goal phrase; "
        "'in 2 years' left out; 'RN' read as 'registered nurse'"
    )
