"""From a gap to development (domain/development.py): which activities, how long, and a plan that fits the goal."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from headway.domain.development import Activity, ActivityKind, PlanProposal, activities, propose_plan
from headway.domain.errors import ValidationError
from headway.domain.occupations import Domain, Element
from headway.domain.skills import GapLine

COURSE, PROJECT, STRETCH = ActivityKind.COURSE, ActivityKind.PROJECT, ActivityKind.STRETCH
MENTORING, CREDENTIAL = ActivityKind.MENTORING, ActivityKind.CREDENTIAL


def line(
    element_id: str, name: str, *, needs: float = 5.0, has: float | None = 3.0, knowledge: bool = False
) -> GapLine:
    """One gap line: the occupation needs `needs`, the person has `has` (None: not rated)."""
    domain = Domain.KNOWLEDGE if knowledge else Domain.SKILL
    return GapLine(Element(element_id, name, domain), importance=4.0, target_level=needs, person_level=has)


def kinds(found: list[Activity]) -> list[ActivityKind]:
    return [a.kind for a in found]


def acts(
    gap: GapLine, *, zone: int | None = 3, education: str | None = None, tech: tuple[str, ...] = ()
) -> list[Activity]:
    return activities(
        gap, occupation_title="Sales Managers", job_zone=zone, entry_education=education, technologies=tech
    )


# -- activities ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("element_id", "name", "expected"),
    [
        ("2.A.1.c", "Writing", [COURSE, PROJECT]),  # basic content skill: learn, then use
        ("2.A.2.a", "Critical Thinking", [COURSE, MENTORING]),  # process skill: learn, then practise with a mentor
        ("2.B.1.d", "Negotiation", [MENTORING, STRETCH]),  # social skill
        ("2.B.2.i", "Complex Problem Solving", [PROJECT, STRETCH]),
        ("2.B.3.a", "Operations Analysis", [COURSE, PROJECT]),  # technical skill
        ("2.B.4.e", "Judgment and Decision Making", [MENTORING, STRETCH]),  # systems skill
        ("2.B.5.c", "Management of Financial Resources", [COURSE, STRETCH]),  # resource management
    ],
)
def test_each_skill_family_gets_its_kind_of_activity(element_id: str, name: str, expected: list[ActivityKind]) -> None:
    assert kinds(acts(line(element_id, name))) == expected


def test_a_knowledge_area_is_a_course_then_a_project() -> None:
    assert kinds(acts(line("2.C.1.a", "Administration and Management", knowledge=True))) == [COURSE, PROJECT]


def test_hours_grow_with_the_shortfall_and_never_drop_below_six() -> None:
    two_levels = acts(line("2.A.1.c", "Writing", needs=5.0, has=3.0))
    assert [a.hours for a in two_levels] == [30.0, 40.0]  # course 15 h and project 20 h per level point, x 2
    tiny = acts(line("2.A.1.c", "Writing", needs=4.2, has=4.0))
    assert [a.hours for a in tiny] == [6.0, 6.0]  # 15 x 0.2 = 3 and 20 x 0.2 = 4: the minimum, 6 h, instead
    mentoring = acts(line("2.B.1.d", "Negotiation", needs=4.5, has=3.0))
    assert [a.hours for a in mentoring] == [9.0, 38.0]  # 6 x 1.5 = 9; 25 x 1.5 = 37.5, rounded to 38


def test_titles_name_the_element_the_work_and_the_occupations_hot_technologies() -> None:
    negotiation = acts(line("2.B.1.d", "Negotiation"))
    assert negotiation[0].title == "Mentoring: monthly sessions with someone strong in Negotiation"
    assert negotiation[1].title == "Stretch assignment: lead a negotiation (a contract, a supplier, a scope)"
    unnamed = acts(line("2.B.4.g", "Systems Analysis X"))
    assert unnamed[1].title == "Stretch assignment: take on work that needs Systems Analysis X"
    tools = ("Salesforce", "Microsoft Excel", "SAP", "Oracle")
    technical = acts(line("2.B.3.a", "Operations Analysis"), tech=tools)
    assert technical[0].title == "Course: Operations Analysis (Salesforce, Microsoft Excel, SAP)"  # three at most
    assert technical[1].title.endswith("(Salesforce, Microsoft Excel, SAP)")


def test_a_large_knowledge_gap_in_a_degree_level_occupation_adds_a_credential() -> None:
    # Knowledge, 2 levels short of a level the person stated, job zone 4: a credential after course and project.
    economics = line("2.C.1.b", "Economics and Accounting", needs=5.0, has=3.0, knowledge=True)
    found = acts(economics, zone=4, education="Bachelor's degree")
    assert kinds(found) == [COURSE, PROJECT, CREDENTIAL]
    assert found[2].title == (
        "Credential: a certificate or accredited coursework in Economics and Accounting; "
        "Bachelor's degree is the typical entry education for Sales Managers"
    )
    assert found[2].hours == 80.0  # 40 h per level point x 2
    no_education = acts(economics, zone=5, education=None)
    assert no_education[2].title == "Credential: a certificate or accredited coursework in Economics and Accounting"


@pytest.mark.parametrize(
    ("gap", "zone", "why"),
    [
        (line("2.C.1.b", "Economics", needs=4.99, has=3.0, knowledge=True), 4, "less than 2 levels short"),
        (line("2.C.1.b", "Economics", needs=5.0, has=3.0, knowledge=True), 3, "job zone 3: no degree expected"),
        (line("2.C.1.b", "Economics", needs=5.0, has=3.0, knowledge=True), None, "no job zone"),
        (line("2.C.1.b", "Economics", needs=5.0, has=None, knowledge=True), 5, "not rated: how far is unknown"),
        (line("2.B.1.d", "Negotiation", needs=6.0, has=1.0), 5, "a skill, not a knowledge area"),
    ],
)
def test_no_credential_otherwise(gap: GapLine, zone: int | None, why: str) -> None:
    assert CREDENTIAL not in kinds(acts(gap, zone=zone, education="Bachelor's degree")), why


# -- propose_plan ------------------------------------------------------------------------------------------------------

START = date(2027, 1, 1)
WRITING = line("2.A.1.c", "Writing", needs=5.0, has=3.0)
NEGOTIATION = line("2.B.1.d", "Negotiation", needs=6.0, has=3.0)
# Two gaps, each "learn, then apply": 10 + 20 hours, then 6 + 14 hours; 50 hours in all.
WORK = [
    (WRITING, [Activity(COURSE, "Course: Writing", 10.0), Activity(PROJECT, "Project: Writing", 20.0)]),
    (NEGOTIATION, [Activity(MENTORING, "Mentoring: Negotiation", 6.0), Activity(STRETCH, "Stretch: negotiate", 14.0)]),
]


def schedule(plan: PlanProposal) -> list[tuple[int, date, date, tuple[int, ...], float | None]]:
    return [(m.number, m.planned_start, m.due, m.after, m.closes_level) for m in plan.milestones]


def test_a_plan_that_fits_runs_one_milestone_after_another_at_the_persons_capacity() -> None:
    # 7 hours a week = 1 hour a day, so each activity takes as many days as it has hours:
    # course days [0, 10), project [10, 30), mentoring [30, 36), stretch [36, 50). 50 days fit in 59.
    plan = propose_plan(WORK, start=START, target=date(2027, 3, 1), capacity=7.0)
    assert plan.fits
    assert plan.needed_until == date(2027, 2, 19)  # day 49 is the 50th day
    assert schedule(plan) == [
        (1, date(2027, 1, 1), date(2027, 1, 10), (), None),  # a course alone earns no level
        (2, date(2027, 1, 11), date(2027, 1, 30), (1,), 5.0),  # the project closes Writing's gap: level 5
        (3, date(2027, 1, 31), date(2027, 2, 5), (), None),
        (4, date(2027, 2, 6), date(2027, 2, 19), (3,), 6.0),
    ]
    assert [(m.element_name, m.effort_hours, m.kind) for m in plan.milestones] == [
        ("Writing", 10.0, COURSE),
        ("Writing", 20.0, PROJECT),
        ("Negotiation", 6.0, MENTORING),
        ("Negotiation", 14.0, STRETCH),
    ]


def test_a_plan_that_does_not_fit_is_compressed_into_the_goals_dates_and_says_when_it_would_end() -> None:
    # 50 days of work, 25 days to the target: every date is scaled by 25 / 50 = 0.5.
    target = START + timedelta(days=25)
    plan = propose_plan(WORK, start=START, target=target, capacity=7.0)
    assert not plan.fits
    assert plan.needed_until == date(2027, 2, 19)  # at 7 h a week the work would run to here
    assert [(m.planned_start, m.due) for m in plan.milestones] == [
        (date(2027, 1, 1), date(2027, 1, 5)),  # days [0, 5)
        (date(2027, 1, 6), date(2027, 1, 15)),  # [5, 15)
        (date(2027, 1, 16), date(2027, 1, 18)),  # [15, 18)
        (date(2027, 1, 19), date(2027, 1, 25)),  # [18, 25)
    ]
    assert all(m.effort_hours == a.hours for m, a in zip(plan.milestones, [a for _, x in WORK for a in x], strict=True))


def test_a_credential_waits_for_the_course_and_earns_no_level_itself() -> None:
    economics = line("2.C.1.b", "Economics and Accounting", needs=5.0, has=3.0, knowledge=True)
    found = acts(economics, zone=4, education="Bachelor's degree")
    writing_course = [Activity(COURSE, "Course: Writing", 10.0)]
    plan = propose_plan(
        [(WRITING, writing_course), (economics, found)], start=START, target=date(2030, 1, 1), capacity=6
    )
    writing, course, project, credential = plan.milestones
    assert (writing.after, writing.closes_level) == ((), 5.0)  # a gap with one activity: that one closes it
    assert (course.after, course.closes_level) == ((), None)
    assert (project.after, project.closes_level) == ((2,), 5.0)
    assert (credential.after, credential.closes_level) == ((2,), None)


def test_a_plan_needs_capacity_and_time() -> None:
    with pytest.raises(ValidationError, match="capacity above 0") as refused:
        propose_plan(WORK, start=START, target=date(2028, 1, 1), capacity=0)
    assert refused.value.field == "capacity"
    with pytest.raises(ValidationError, match="leaves no time after 2027-01-01") as no_time:
        propose_plan(WORK, start=START, target=START, capacity=6.0)
    assert no_time.value.hint is not None
    assert "goal edit" in no_time.value.hint


hours_st = st.floats(6.0, 200.0)
work_st = st.lists(st.lists(hours_st, min_size=1, max_size=3), min_size=1, max_size=6)


@given(work_st, st.integers(1, 1500), st.floats(0.5, 60.0))
def test_every_milestone_sits_in_the_goals_dates_after_what_it_waits_for(
    hours: list[list[float]], span: int, capacity: float
) -> None:
    work = [
        (line(f"2.A.1.{i}", f"Element {i}"), [Activity(COURSE, f"{i}.{j}", h) for j, h in enumerate(gap_hours)])
        for i, gap_hours in enumerate(hours)
    ]
    target = START + timedelta(days=span)
    plan = propose_plan(work, start=START, target=target, capacity=capacity)
    total_days = sum(map(sum, hours)) / (capacity / 7)
    if abs(total_days - span) > 1e-6:  # at the boundary itself, float rounding may go either way
        assert plan.fits == (total_days < span)
    assert plan.needed_until >= START
    by_number = {m.number: m for m in plan.milestones}
    assert list(by_number) == list(range(1, len(plan.milestones) + 1))
    for m in plan.milestones:
        assert START <= m.planned_start <= m.due <= target, m
        for before in m.after:
            assert before < m.number
            assert by_number[before].due <= m.planned_start, (by_number[before], m)
    if plan.fits:
        assert plan.milestones[-1].due == plan.needed_until
