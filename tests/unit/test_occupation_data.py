"""The bundled occupation data says what O*NET and BLS say: every number checked against the raw files.

The raw files are parsed here with `csv`, independently of the build (adapters/occupations/build.py), and compared
with what OccupationStore shows for a fixed set of occupations across job families plus a seeded random sample.
They live in ../shared/data beside the checkout; without them these tests skip and say why, except on CI (the
CI variable set), where a missing source must fail rather than pass unnoticed.

The last tests are of wage_position, which places a salary among the BLS percentiles.
"""

from __future__ import annotations

import csv
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from headway.adapters.occupations.store import OccupationStore
from headway.domain.occupations import Domain, OccupationProfile, Wages, wage_position

DATA = Path(__file__).parents[2].parent / "shared" / "data"
ONET = DATA / "onet-29.2"
OEWS = DATA / "bls" / "oews_2025_national_all_industries.csv"
PROJECTIONS = DATA / "bls" / "table_1_2_occupational_projections_2024-34.csv"
CODE = "O*NET-SOC Code"
SPAN = "2024\u201334"  # the projections' columns write the decade with an en dash

# Across job families, and chosen for what makes them awkward:
FIXED = (
    "11-2022.00",  # Sales Managers
    "41-4012.00",  # Sales Representatives, Wholesale and Manufacturing
    "13-2011.00",  # Accountants and Auditors
    "15-1252.00",  # Software Developers
    "15-1299.09",  # Information Technology Project Managers: an O*NET-only detail of SOC 15-1299
    "19-1029.01",  # Bioinformatics Scientists: job zone 5
    "29-1141.00",  # Registered Nurses
    "29-1022.00",  # Oral and Maxillofacial Surgeons: BLS top-codes the projections' median wage (">=$239,200")
    "25-2021.00",  # Elementary School Teachers: OEWS publishes annual wages only
    "27-2011.00",  # Actors: OEWS publishes no annual wages ("-")
    "47-2111.00",  # Electricians
    "51-4121.00",  # Welders
    "53-3032.00",  # Heavy and Tractor-Trailer Truck Drivers
    "35-2014.00",  # Cooks, Restaurant
    "45-2092.00",  # Farmworkers: job zone 1
    "11-1031.00",  # Legislators: no O*NET ratings, no OEWS wages
    "13-1021.00",  # Buyers, Farm Products: OEWS publishes only the broader 13-1020
    "55-1011.00",  # Air Crew Officers: military, no job zone, no BLS figures
    "11-9199.00",  # Managers, All Other: no job zone, no ratings
)
RANDOM_SAMPLE = 30
SEED = 2025


def require_raw_data() -> None:
    """Skip (or, on CI, fail) when the raw sources are not beside the checkout."""
    missing = [p for p in (ONET / "Occupation Data.tsv", OEWS, PROJECTIONS) if not p.is_file()]
    if not missing:
        return
    reason = f"the raw O*NET/BLS files are not at {DATA} (missing {missing[0].name})"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; on CI these tests must run, not skip.", pytrace=False)
    pytest.skip(reason)


def read_tsv(name: str) -> list[dict[str, str]]:
    with (ONET / f"{name}.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def bls(text: str) -> tuple[float | None, bool]:
    """A BLS cell as (number, top-coded): '-' and '—' are not published; '>=$239,200' is a lower bound."""
    value = text.strip()
    if value in {"", "-", "—"}:
        return None, False
    top = value.startswith(">=")
    return float(value.removeprefix(">=").replace("$", "").replace(",", "")), top


def whole(text: str) -> int | None:
    number, _ = bls(text)
    return None if number is None else int(number)


@dataclass
class Raw:
    occupations: dict[str, dict[str, str]] = field(default_factory=dict)
    zones: dict[str, int] = field(default_factory=dict)
    zone_reference: dict[int, dict[str, str]] = field(default_factory=dict)
    ratings: dict[str, dict[str, dict[str, dict[str, str]]]] = field(default_factory=dict)  # code, element, scale
    elements: dict[str, tuple[str, Domain]] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    tasks: dict[str, list[tuple[int, str, str]]] = field(default_factory=dict)
    technologies: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    oews: dict[str, dict[str, str]] = field(default_factory=dict)
    projections: dict[str, dict[str, str]] = field(default_factory=dict)


@pytest.fixture(scope="module")
def raw() -> Raw:
    require_raw_data()
    found = Raw()
    found.occupations = {r[CODE]: r for r in read_tsv("Occupation Data")}
    found.zones = {r[CODE]: int(r["Job Zone"]) for r in read_tsv("Job Zones")}
    found.zone_reference = {int(r["Job Zone"]): r for r in read_tsv("Job Zone Reference")}
    for name, domain in (("Skills", Domain.SKILL), ("Knowledge", Domain.KNOWLEDGE)):
        for r in read_tsv(name):
            found.ratings.setdefault(r[CODE], {}).setdefault(r["Element ID"], {})[r["Scale ID"]] = r
            found.elements[r["Element ID"]] = (r["Element Name"], domain)
    found.descriptions = {r["Element ID"]: r["Description"] for r in read_tsv("Content Model Reference")}
    for r in read_tsv("Task Statements"):
        found.tasks.setdefault(r[CODE], []).append((int(r["Task ID"]), r["Task"], r["Task Type"]))
    for r in read_tsv("Technology Skills"):
        found.technologies.setdefault(r[CODE], []).append(r)
    found.oews = {r["soc_code"]: r for r in read_csv(OEWS)}
    found.projections = {
        r["2024 National Employment Matrix code"]: r
        for r in read_csv(PROJECTIONS)
        if r["Occupation type"] == "Line item"
    }
    return found


@pytest.fixture(scope="module")
def store() -> Iterator[OccupationStore]:
    opened = OccupationStore()
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def sample(raw: Raw) -> list[str]:
    """The fixed occupations and a seeded random sample of the others."""
    others = sorted(set(raw.occupations) - set(FIXED))
    return [*FIXED, *random.Random(SEED).sample(others, RANDOM_SAMPLE)]  # noqa: S311 a fixed sample, not a secret


@pytest.fixture(scope="module")
def profiles(store: OccupationStore, sample: list[str]) -> dict[str, OccupationProfile]:
    """Each sampled occupation's profile, as `headway occupations show` reads it."""
    return {code: store.profile(code) for code in sample}


def report(differences: list[str]) -> str:
    return f"{len(differences)} difference(s) from the raw files:\n" + "\n".join(differences[:25])


# -- O*NET ------------------------------------------------------------------------------------------------------------


def test_every_occupation_is_there_with_its_title_and_description(raw: Raw, store: OccupationStore) -> None:
    assert len(raw.occupations) == 1016
    assert len(store.titles) == 1016
    assert store.titles == {code: r["Title"] for code, r in raw.occupations.items()}
    for code in FIXED:
        assert store.occupation(code).description == raw.occupations[code]["Description"]


def test_every_importance_and_level_equals_o_nets(raw: Raw, profiles: dict[str, OccupationProfile]) -> None:
    differences = []
    for code, profile in profiles.items():
        expected = {
            element: (
                float(scales["IM"]["Data Value"]),
                float(scales["LV"]["Data Value"]),
                scales["LV"]["Not Relevant"] == "Y",
                "Y" in (scales["IM"]["Recommend Suppress"], scales["LV"]["Recommend Suppress"]),
            )
            for element, scales in raw.ratings.get(code, {}).items()
        }
        shown = {e: (r.importance, r.level, r.not_relevant, r.suppress) for e, r in profile.ratings.items()}
        differences += [
            f"{code} {element}: O*NET {expected.get(element)}, shown {shown.get(element)}"
            for element in sorted(set(expected) | set(shown))
            if expected.get(element) != shown.get(element)
        ]
    assert not differences, report(differences)
    assert sum(len(p.ratings) for p in profiles.values()) > 1000  # the sample did compare ratings


def test_the_ratings_read_in_bulk_are_the_same_as_one_by_one(store: OccupationStore, sample: list[str]) -> None:
    for code in sample:
        assert store.all_ratings.get(code, {}) == store.ratings(code), code


def test_elements_carry_o_nets_names_domains_and_descriptions(raw: Raw, store: OccupationStore) -> None:
    shown = {e.id: (e.name, e.domain) for e in store.elements.values()}
    assert shown == raw.elements
    assert sum(1 for _, d in shown.values() if d == Domain.SKILL) == 35
    assert sum(1 for _, d in shown.values() if d == Domain.KNOWLEDGE) == 33
    assert all(e.description == raw.descriptions[e.id] for e in store.elements.values())


def test_job_zones_equal_o_nets(raw: Raw, profiles: dict[str, OccupationProfile], store: OccupationStore) -> None:
    for code, profile in profiles.items():
        assert profile.occupation.job_zone == raw.zones.get(code), code
        zone = profile.job_zone
        assert (zone.zone if zone else None) == raw.zones.get(code), code
    for number, ref in raw.zone_reference.items():
        zone = store.job_zone(number)
        assert zone is not None
        shown = (zone.name, zone.experience, zone.education, zone.training, zone.examples, zone.svp_range)
        fields = ("Name", "Experience", "Education", "Job Training", "Examples", "SVP Range")
        assert shown == tuple(ref[f] for f in fields)


def test_task_statements_equal_o_nets(raw: Raw, profiles: dict[str, OccupationProfile]) -> None:
    differences = []
    for code, profile in profiles.items():
        shown = sorted((t.task_id, t.statement, t.task_type) for t in profile.tasks)
        if shown != sorted(raw.tasks.get(code, [])):
            differences.append(f"{code}: {len(raw.tasks.get(code, []))} tasks in O*NET, {len(shown)} shown")
    assert not differences, report(differences)
    assert sum(len(p.tasks) for p in profiles.values()) > 500
    core = [t.task_type for t in profiles["11-2022.00"].tasks]
    assert core == sorted(core, key=lambda kind: kind != "Core")  # core tasks first, as a profile lists them


def test_hot_and_in_demand_technologies_equal_o_nets(raw: Raw, profiles: dict[str, OccupationProfile]) -> None:
    differences = []
    for code, profile in profiles.items():
        expected = {
            (r["Example"], r["Commodity Title"], r["Hot Technology"] == "Y", r["In Demand"] == "Y")
            for r in raw.technologies.get(code, [])
            if "Y" in (r["Hot Technology"], r["In Demand"])
        }
        shown = {(t.example, t.commodity, t.hot, t.in_demand) for t in profile.technologies}
        if shown != expected:
            differences.append(f"{code}: only in O*NET {expected - shown}; only shown {shown - expected}")
    assert not differences, report(differences)
    assert "Salesforce software" in {t.example for t in profiles["11-2022.00"].technologies if t.hot}


def test_occupations_without_ratings_or_job_zone_report_none(raw: Raw, store: OccupationStore) -> None:
    unrated = [code for code in raw.occupations if code not in raw.ratings]
    no_zone = [code for code in raw.occupations if code not in raw.zones]
    assert (len(unrated), len(no_zone)) == (137, 93)  # as ../shared/data/README.md says
    for code in unrated:
        profile = store.profile(code)
        assert profile.ratings == {}, code
        assert not profile.rated
        assert code not in store.all_ratings
    for code in no_zone:
        profile = store.profile(code)
        assert profile.occupation.job_zone is None, code
        assert profile.job_zone is None
    rated = set(raw.occupations) - set(unrated)
    assert all(store.all_ratings[code] for code in rated)


# -- BLS --------------------------------------------------------------------------------------------------------------


def bls_row(rows: dict[str, dict[str, str]], soc: str) -> tuple[dict[str, str] | None, bool]:
    """A BLS row for a SOC code; where BLS publishes only the broad group (13-1020 for 13-1021), that group's."""
    if soc in rows:
        return rows[soc], False
    broad = soc[:6] + "0"
    return (rows[broad], True) if broad != soc and broad in rows else (None, False)


def test_wage_percentiles_employment_and_mean_equal_oews(raw: Raw, profiles: dict[str, OccupationProfile]) -> None:
    differences = []
    compared = 0
    for code, profile in profiles.items():
        row, broader = bls_row(raw.oews, code[:7])
        w = profile.wages
        compared += row is not None
        if row is None:
            if w is not None:
                differences.append(f"{code}: OEWS publishes nothing, but wages {w} are shown")
            continue
        columns = ("10th percentile", "25th percentile", "median", "75th percentile", "90th percentile", "mean")
        expected: tuple[Any, ...] = (
            row["soc_code"],
            row["occupation_title"],
            whole(row["Employment"]),
            *(whole(row[f"Annual {c} wage"]) for c in columns),
            frozenset(
                p for p, c in zip((10, 25, 50, 75, 90), columns, strict=False) if bls(row[f"Annual {c} wage"])[1]
            ),
            broader,
        )
        shown = None if w is None else (w.soc, w.title, w.employment, w.p10, w.p25, w.median, w.p75, w.p90, w.mean)
        if shown is None or (*shown, w.top_coded, w.broader) != expected:  # type: ignore[union-attr]
            differences.append(f"{code}: OEWS {expected}, shown {w}")
    assert not differences, report(differences)
    assert compared >= 40  # most of the sample has OEWS wages, so the comparison did happen


def test_unpublished_wages_are_none_never_zero(store: OccupationStore) -> None:
    actors = store.wages("27-2011")  # OEWS prints "-" for every annual figure of actors
    assert actors is not None
    assert (actors.mean, actors.p10, actors.median, actors.p90) == (None, None, None, None)
    assert actors.employment is not None
    assert store.wages("11-1031") is None  # no OEWS row at all for legislators
    farm_buyers = store.wages("13-1021")
    assert farm_buyers is not None
    assert (farm_buyers.soc, farm_buyers.broader) == ("13-1020", True)  # labelled as the broader group's


def test_projections_equal_the_bls_employment_projections(raw: Raw, profiles: dict[str, OccupationProfile]) -> None:
    differences = []
    compared = 0
    for code, profile in profiles.items():
        row, broader = bls_row(raw.projections, code[:7])
        out = profile.outlook
        compared += row is not None
        if row is None:
            if out is not None:
                differences.append(f"{code}: BLS projects nothing, but {out} is shown")
            continue
        wage, top_coded = bls(row["Median annual wage, dollars, 2024[1]"])
        text = {k: None if row[k] in {"", "—"} else row[k] for k in row}
        expected = (
            row["2024 National Employment Matrix code"],
            row["2024 National Employment Matrix title"],
            bls(row["Employment, 2024"])[0],
            bls(row["Employment, 2034"])[0],
            bls(row[f"Employment change, numeric, {SPAN}"])[0],
            bls(row[f"Employment change, percent, {SPAN}"])[0],
            bls(row[f"Occupational openings, {SPAN} annual average"])[0],
            None if wage is None else int(wage),
            top_coded,
            text["Typical education needed for entry"],
            text["Work experience in a related occupation"],
            text["Typical on-the-job training needed to attain competency in the occupation"],
            broader,
        )
        shown = None
        if out is not None:
            shown = (
                out.soc,
                out.title,
                out.employment_2024,
                out.employment_2034,
                out.change_number,
                out.change_percent,
                out.openings,
                out.median_wage_2024,
                out.median_wage_top_coded,
                out.education,
                out.experience,
                out.training,
                out.broader,
            )
        if shown != expected:
            differences.append(f"{code}: BLS {expected}, shown {shown}")
    assert not differences, report(differences)
    assert compared >= 40
    surgeons = profiles["29-1022.00"].outlook
    assert surgeons is not None
    assert (surgeons.median_wage_2024, surgeons.median_wage_top_coded) == (239200, True)  # shown as "or more"


def test_the_outlook_falls_back_to_the_broad_group_as_the_wages_do(store: OccupationStore) -> None:
    # BLS projects and pays only the group 13-1020 Buyers and Purchasing Agents, not its farm-products detail.
    profile = store.profile("13-1021.00")
    assert profile.wages is not None
    assert profile.outlook is not None
    assert (profile.wages.soc, profile.wages.broader) == ("13-1020", True)
    assert (profile.outlook.soc, profile.outlook.broader) == ("13-1020", True)
    legislators = store.outlook("11-1031")  # projected in its own right
    assert legislators is not None
    assert (legislators.soc, legislators.broader) == ("11-1031", False)


# -- wage_position ----------------------------------------------------------------------------------------------------

SPREAD = Wages("11-2022", "Sales Managers", 500_000, 60_000, 30_000, 40_000, 50_000, 70_000, 100_000)


@pytest.mark.parametrize(
    ("amount", "phrase", "percentile"),
    [
        # 45,000 is half-way from the 25th (40,000) to the median (50,000): 25 + 0.5 x 25 = 37.5
        (45_000, "between the 25th (40,000) and 50th (50,000) percentiles, about the 38th", 37.5),
        # 31,333.33 is 2/15 of the way from 30,000 to 40,000: 10 + 2/15 x 15 = 12
        (31_333.333333, "between the 10th (30,000) and 25th (40,000) percentiles, about the 12th", 12.0),
        # 77,500 is a quarter of the way from 70,000 to 100,000: 75 + 0.25 x 15 = 78.75
        (77_500, "between the 75th (70,000) and 90th (100,000) percentiles, about the 79th", 78.8),
        (30_000, "between the 10th (30,000) and 25th (40,000) percentiles, about the 10th", 10.0),
        (100_000, "between the 75th (70,000) and 90th (100,000) percentiles, about the 90th", 90.0),
    ],
)
def test_a_salary_between_percentiles_is_interpolated(amount: float, phrase: str, percentile: float) -> None:
    assert wage_position(SPREAD, amount) == (phrase, percentile)


def test_outside_the_published_percentiles_it_says_so_instead_of_extrapolating() -> None:
    assert wage_position(SPREAD, 29_999) == ("below the 10th percentile (30,000)", None)
    assert wage_position(SPREAD, 250_000) == ("above the 90th percentile (100,000)", None)


def test_a_top_coded_percentile_is_never_used_as_an_exact_wage() -> None:
    # BLS gives the 75th and 90th only as ">= 239,200": a salary of 245,000 is not "between" anything.
    surgeons = Wages(
        "29-1022",
        "Surgeons",
        5_000,
        300_000,
        120_000,
        180_000,
        230_000,
        239_200,
        239_200,
        top_coded=frozenset({75, 90}),
    )
    assert wage_position(surgeons, 245_000) == ("above the 50th percentile (230,000)", None)
    # Below the median the published points still place it: 25 + (200,000 - 180,000) / 50,000 x 25 = 35
    assert wage_position(surgeons, 200_000) == (
        "between the 25th (180,000) and 50th (230,000) percentiles, about the 35th",
        35.0,
    )
    # Between the median and a top-coded 75th, it says only what is known: above the median.
    assert wage_position(surgeons, 235_000) == ("above the 50th percentile (230,000)", None)


def test_missing_percentiles_are_skipped_and_none_at_all_is_said_plainly() -> None:
    gaps = Wages("27-2011", "Actors", 60_000, None, 20_000, None, 40_000, None, None)
    # Without a 25th, the 10th and the median are the neighbours: 10 + (30,000 - 20,000) / 20,000 x 40 = 30
    assert wage_position(gaps, 30_000) == (
        "between the 10th (20,000) and 50th (40,000) percentiles, about the 30th",
        30.0,
    )
    assert wage_position(gaps, 50_000) == ("above the 50th percentile (40,000)", None)
    nothing = Wages("27-2011", "Actors", 60_000, None, None, None, None, None, None)
    assert wage_position(nothing, 50_000) == ("BLS publishes no wage percentiles for this occupation", None)


def test_ordinals_read_as_english() -> None:
    # 10 + share x 15 = 11, 13, 21 and 23: 11th, 13th, 21st and 23rd
    for target, word in ((11, "11th"), (13, "13th"), (21, "21st"), (23, "23rd")):
        amount = 30_000 + (target - 10) / 15 * 10_000
        phrase, _ = wage_position(SPREAD, amount)
        assert phrase.endswith(f"about the {word}"), phrase
