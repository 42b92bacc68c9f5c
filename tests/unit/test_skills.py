"""The skill gap, readiness and transferability formulas (domain/skills.py), worked by hand.

Weights are O*NET importance rescaled to 0-1: w = (importance - 1) / 4, so importance 5 -> 1, 4 -> 0.75,
3 -> 0.5 and 1 -> 0. Levels are on O*NET's 0-7 scale. Each test writes out the arithmetic it expects.
"""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from headway.domain.errors import ValidationError
from headway.domain.occupations import Domain, Element, Rating
from headway.domain.skills import Evidence, SkillLevel, check_level, current_levels, gap, transfer

NEGOTIATION = Element("2.B.1.d", "Negotiation", Domain.SKILL)
PERSUASION = Element("2.B.1.c", "Persuasion", Domain.SKILL)
ADMINISTRATION = Element("2.C.1.a", "Administration and Management", Domain.KNOWLEDGE)
MATHEMATICS = Element("2.A.1.e", "Mathematics", Domain.SKILL)
FOOD = Element("2.C.2.b", "Food Production", Domain.KNOWLEDGE)
ELEMENTS = {e.id: e for e in (NEGOTIATION, PERSUASION, ADMINISTRATION, MATHEMATICS, FOOD)}

# A sales manager's ratings, simplified:      importance (w)   level
SALES_MANAGER = {
    NEGOTIATION.id: Rating(NEGOTIATION.id, 4.0, 5.0),  # 4 (0.75)   5
    PERSUASION.id: Rating(PERSUASION.id, 3.0, 4.0),  # 3 (0.5)    4
    ADMINISTRATION.id: Rating(ADMINISTRATION.id, 5.0, 6.0),  # 5 (1.0)    6
    MATHEMATICS.id: Rating(MATHEMATICS.id, 1.0, 3.0),  # 1 (0)      3
    FOOD.id: Rating(FOOD.id, 1.2, 0.5, not_relevant=True),  # marked not relevant: left out
}
# The person: Negotiation 3, Persuasion 4.5 (above what is needed), Mathematics 0, Administration not rated.
PERSON = {NEGOTIATION.id: 3.0, PERSUASION.id: 4.5, MATHEMATICS.id: 0.0}


def level(element: Element, value: float, on: date, entry_id: int, evidence: Evidence = Evidence.SELF) -> SkillLevel:
    return SkillLevel(element.id, value, evidence, on, person_id=1, id=entry_id)


def test_shortfall_and_priority_order_the_gaps() -> None:
    result = gap(SALES_MANAGER, ELEMENTS, PERSON)
    lines = {line.element.name: line for line in result.lines}
    # shortfall = max(0, needs - has); priority = w x shortfall
    assert lines["Administration and Management"].shortfall == 6.0  # 6 - 0 (not rated counts as 0)
    assert lines["Administration and Management"].priority == 6.0  # 1.0 x 6
    assert lines["Negotiation"].shortfall == 2.0  # 5 - 3
    assert lines["Negotiation"].priority == 1.5  # 0.75 x 2
    assert lines["Persuasion"].shortfall == 0.0  # 4 - 4.5 < 0, so 0
    assert lines["Mathematics"].shortfall == 3.0  # 3 - 0
    assert lines["Mathematics"].priority == 0.0  # weight 0: "not important" never outranks a real gap
    # Highest priority first; Persuasion and Mathematics tie at 0 and the more important (3 > 1) goes first.
    assert [line.element.name for line in result.lines] == [
        "Administration and Management",
        "Negotiation",
        "Persuasion",
        "Mathematics",
    ]
    assert [line.element.name for line in result.gaps] == [
        "Administration and Management",
        "Negotiation",
        "Mathematics",
    ]


def test_readiness_is_the_weighted_share_of_required_levels_reached() -> None:
    result = gap(SALES_MANAGER, ELEMENTS, PERSON)
    # needed  = 0.75 x 5 + 0.5 x 4 + 1.0 x 6 + 0 x 3 = 3.75 + 2 + 6 = 11.75
    # reached = 0.75 x 3 + 0.5 x min(4.5, 4) + 1.0 x 0 + 0 x 0 = 2.25 + 2 = 4.25
    assert result.readiness == pytest.approx(4.25 / 11.75)  # 36.2%: being above on Persuasion makes up nothing


def test_an_unrated_element_counts_as_zero_and_is_flagged() -> None:
    result = gap(SALES_MANAGER, ELEMENTS, PERSON)
    administration = next(line for line in result.lines if line.element == ADMINISTRATION)
    assert administration.person_level is None  # shown as "not rated", not as a level the person stated
    assert result.unrated == 1  # Mathematics was stated as 0, so it is not "unrated"
    rated_as_zero = gap(SALES_MANAGER, ELEMENTS, {**PERSON, ADMINISTRATION.id: 0.0})
    assert rated_as_zero.readiness == result.readiness  # the same number as stating 0
    assert rated_as_zero.unrated == 0


def test_elements_marked_not_relevant_are_left_out() -> None:
    result = gap(SALES_MANAGER, ELEMENTS, PERSON)
    assert FOOD not in [line.element for line in result.lines]
    # Were Food Production counted (w = 0.05, level 0.5, person 0), readiness would be 4.25 / 11.775.
    counted = {**SALES_MANAGER, FOOD.id: Rating(FOOD.id, 1.2, 0.5)}
    assert gap(counted, ELEMENTS, PERSON).readiness == pytest.approx(4.25 / 11.775)
    assert gap(counted, ELEMENTS, PERSON).unrated == 2


def test_an_element_missing_from_the_content_model_is_ignored() -> None:
    ratings = {**SALES_MANAGER, "2.Z.9": Rating("2.Z.9", 5.0, 7.0)}
    assert gap(ratings, ELEMENTS, PERSON).readiness == pytest.approx(4.25 / 11.75)


def test_skill_levels_carry_their_evidence_into_the_gap() -> None:
    levels = {
        NEGOTIATION.id: level(NEGOTIATION, 3.0, date(2026, 1, 5), 1, Evidence.OCCUPATION),
        PERSUASION.id: level(PERSUASION, 4.5, date(2026, 2, 1), 2, Evidence.CREDENTIAL),
    }
    lines = {line.element.id: line for line in gap(SALES_MANAGER, ELEMENTS, levels).lines}
    assert (lines[NEGOTIATION.id].person_level, lines[NEGOTIATION.id].evidence) == (3.0, Evidence.OCCUPATION)
    assert (lines[PERSUASION.id].person_level, lines[PERSUASION.id].evidence) == (4.5, Evidence.CREDENTIAL)
    assert (lines[ADMINISTRATION.id].person_level, lines[ADMINISTRATION.id].evidence) == (None, None)


def test_an_occupation_needing_nothing_is_fully_reached() -> None:
    # Every weight is 0 (importance 1): nothing is needed, so nothing is missing.
    trivial = {MATHEMATICS.id: Rating(MATHEMATICS.id, 1.0, 3.0)}
    assert gap(trivial, ELEMENTS, {}).readiness == 1.0


def test_current_levels_keep_the_latest_statement_per_element() -> None:
    history = [
        level(NEGOTIATION, 5.0, date(2026, 3, 1), 3),
        level(NEGOTIATION, 2.0, date(2026, 1, 1), 1),
        level(PERSUASION, 3.0, date(2026, 3, 1), 2),
        level(PERSUASION, 4.0, date(2026, 3, 1), 4),  # the same day: the one recorded later wins
    ]
    current = current_levels(history)
    assert current[NEGOTIATION.id].level == 5.0
    assert current[PERSUASION.id].level == 4.0
    assert set(current) == {NEGOTIATION.id, PERSUASION.id}


def test_transfer_is_the_targets_readiness_at_the_sources_typical_levels() -> None:
    target = {
        NEGOTIATION.id: Rating(NEGOTIATION.id, 4.0, 5.0),  # w 0.75
        ADMINISTRATION.id: Rating(ADMINISTRATION.id, 5.0, 6.0),  # w 1.0
        FOOD.id: Rating(FOOD.id, 3.0, 4.0, not_relevant=True),  # left out
    }
    source = {
        NEGOTIATION.id: Rating(NEGOTIATION.id, 3.0, 4.0),
        ADMINISTRATION.id: Rating(ADMINISTRATION.id, 4.0, 6.5),
        PERSUASION.id: Rating(PERSUASION.id, 4.0, 3.0),  # the target does not rate it: no effect
    }
    moved = transfer(source, target)
    assert moved is not None
    # needed = 0.75 x 5 + 1 x 6 = 9.75; reached = 0.75 x 4 + 1 x min(6.5, 6) = 9.0
    assert moved.transferability == pytest.approx(9.0 / 9.75)
    # mean shortfall = (0.75 x (5 - 4) + 1 x 0) / (0.75 + 1) = 0.75 / 1.75
    assert moved.gap_size == pytest.approx(0.75 / 1.75)
    # The same number as the gap of a person at the source's typical levels.
    typical = {e: r.level for e, r in source.items()}
    assert gap(target, ELEMENTS, typical).readiness == pytest.approx(moved.transferability)


def test_transfer_counts_an_element_the_source_lacks_as_zero() -> None:
    target = {NEGOTIATION.id: Rating(NEGOTIATION.id, 5.0, 4.0), PERSUASION.id: Rating(PERSUASION.id, 5.0, 4.0)}
    source = {NEGOTIATION.id: Rating(NEGOTIATION.id, 5.0, 4.0)}
    moved = transfer(source, target)
    assert moved is not None
    assert moved.transferability == pytest.approx(0.5)  # (1 x 4 + 1 x 0) / (1 x 4 + 1 x 4)
    assert moved.gap_size == pytest.approx(2.0)  # (1 x 0 + 1 x 4) / 2


def test_transfer_to_itself_is_complete_and_to_an_unrated_occupation_unknown() -> None:
    same = transfer(SALES_MANAGER, SALES_MANAGER)
    assert same is not None
    assert (same.transferability, same.gap_size) == (1.0, 0.0)
    assert transfer(SALES_MANAGER, {}) is None
    assert transfer({}, SALES_MANAGER) is None


@pytest.mark.parametrize("value", [0.0, 3.5, 7.0])
def test_check_level_accepts_the_o_net_scale(value: float) -> None:
    assert check_level(value) == value


@pytest.mark.parametrize("value", [-0.01, 7.01, 8.0, math.nan])
def test_check_level_refuses_what_is_off_the_scale(value: float) -> None:
    with pytest.raises(ValidationError, match="outside O\\*NET's scale of 0 to 7") as refused:
        check_level(value)
    assert refused.value.field == "level"
    assert refused.value.hint is not None
    assert "4 is proficient" in refused.value.hint


# -- properties ----------------------------------------------------------------------------------------------------

IDS = list(ELEMENTS)
ratings_st = st.dictionaries(
    st.sampled_from(IDS),
    st.builds(
        lambda importance, lv, not_relevant: (importance, lv, not_relevant),
        st.floats(1.0, 5.0),
        st.floats(0.0, 7.0),
        st.booleans(),
    ),
    min_size=1,
).map(lambda found: {e: Rating(e, imp, lv, nr) for e, (imp, lv, nr) in found.items()})
levels_st = st.dictionaries(st.sampled_from(IDS), st.floats(0.0, 7.0))


@given(ratings_st, levels_st)
def test_readiness_stays_between_none_and_all(ratings: dict[str, Rating], levels: dict[str, float]) -> None:
    result = gap(ratings, ELEMENTS, levels)
    assert 0.0 <= result.readiness <= 1.0 + 1e-12
    assert all(0.0 <= line.priority <= 7.0 for line in result.lines)
    shown = [round(line.priority, 9) for line in result.lines]  # priorities as the gap ranks them
    assert shown == sorted(shown, reverse=True)


@given(ratings_st, levels_st, st.sampled_from(IDS), st.floats(0.0, 7.0))
def test_raising_one_level_never_lowers_readiness(
    ratings: dict[str, Rating], levels: dict[str, float], element: str, raised_by: float
) -> None:
    before = gap(ratings, ELEMENTS, levels).readiness
    higher = {**levels, element: min(7.0, levels.get(element, 0.0) + raised_by)}
    assert gap(ratings, ELEMENTS, higher).readiness >= before - 1e-12
