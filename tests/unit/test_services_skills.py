"""Skills use cases (services/skills.py) on the in-memory fake and the real bundled occupation catalogue.

Alice (tests/unit/conftest.py, 6 hours a week for her plans) is an Account Executive; the catalogue is the
dataset Headway ships, so the numbers here are O*NET's: Sales Representatives, Wholesale and Manufacturing
(41-4012.00) rate all 68 elements; Sales Managers (11-2022.00) is where she aims; Public Relations Managers
(11-2032.00) is one of the 137 occupations O*NET has not rated.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from headway.adapters.occupations.store import OccupationStore
from headway.domain.errors import NotFound, ValidationError
from headway.domain.goals import Goal, GoalKind, MilestoneMeasure, NumericMeasure, numeric_measure
from headway.domain.skills import Evidence, transfer
from headway.domain.tasks import TaskKind, TaskStatus
from headway.services.goals import add_goal
from headway.services.skills import (
    GeneratedPlan,
    edit_goal_and_occupation,
    generate_plan,
    goal_wage_position,
    set_skill,
    set_target_occupation,
    skill_gap,
    skill_history,
    skills_from_occupation,
    skills_profile,
)
from headway.services.tasks import complete_task, edit_task
from tests.unit.fakes import FakeUnitOfWork
from tests.unit.helpers import NOW, TODAY

SALES_REP = "41-4012.00"
SALES_MANAGER = "11-2022.00"
PR_MANAGER = "11-2032.00"  # no O*NET ratings
NEGOTIATION, PERSUASION = "2.B.1.d", "2.B.1.c"


@pytest.fixture(scope="module")
def catalog() -> Iterator[OccupationStore]:
    store = OccupationStore()
    yield store
    store.close()


def aim(uow: FakeUnitOfWork, code: str | None = SALES_MANAGER, *, title: str = "Become a sales manager") -> Goal:
    """A career goal, 2026-01-01 to 2028-12-31, aimed at an occupation as `goal add --target-occupation` does."""
    return add_goal(
        uow,
        title=title,
        why="Grow people",
        kind=GoalKind.CAREER,
        measure=MilestoneMeasure(),
        start_date=date(2026, 1, 1),
        target_date=date(2028, 12, 31),
        target_occupation=code,
        now=NOW,
    )


def money_goal(uow: FakeUnitOfWork, title: str, measure: NumericMeasure) -> Goal:
    """A financial goal measured in money, from 2026 to the end of 2028."""
    return add_goal(
        uow,
        title=title,
        why="",
        kind=GoalKind.FINANCIAL,
        measure=measure,
        start_date=date(2026, 1, 1),
        target_date=date(2028, 12, 31),
        now=NOW,
    )


def levels(uow: FakeUnitOfWork, catalog: OccupationStore) -> dict[str, tuple[float, Evidence]]:
    return {e: (s.level, s.evidence) for e, s in skills_profile(uow, catalog).current.items()}


def stored_rows(uow: FakeUnitOfWork) -> tuple[int, int, int, int]:
    """How many skill levels, tasks, revisions and gap milestones are stored."""
    t = uow.tables
    return len(t.skill_levels), len(t.tasks), len(t.revisions), len(t.gap_milestones)


# -- the skills profile ------------------------------------------------------------------------------------------------


def test_starting_from_an_occupation_takes_its_typical_level_on_every_element(
    uow: FakeUnitOfWork, catalog: OccupationStore
) -> None:
    occupation, added = skills_from_occupation(uow, catalog, "41-4012", on=TODAY, now=NOW)
    typical = {e: r.level for e, r in catalog.ratings(SALES_REP).items()}
    assert occupation.code == SALES_REP
    assert len(added) == len(typical) == 68
    assert {s.element_id: s.level for s in added} == typical
    assert {(s.evidence, s.source, s.on_date) for s in added} == {(Evidence.OCCUPATION, SALES_REP, TODAY)}
    assert levels(uow, catalog) == {e: (lv, Evidence.OCCUPATION) for e, lv in typical.items()}


def test_a_level_stated_higher_is_kept_unless_replace_is_asked(uow: FakeUnitOfWork, catalog: OccupationStore) -> None:
    typical = catalog.ratings(SALES_REP)
    assert typical[NEGOTIATION].level < 6.5
    assert typical[PERSUASION].level > 1.0
    set_skill(uow, catalog, "Negotiation", 6.5, on=date(2026, 11, 1), now=NOW)
    set_skill(uow, catalog, "Persuasion", 1.0, on=date(2026, 11, 1), now=NOW)

    _, added = skills_from_occupation(uow, catalog, SALES_REP, on=TODAY, now=NOW)
    assert NEGOTIATION not in {s.element_id for s in added}
    assert levels(uow, catalog)[NEGOTIATION] == (6.5, Evidence.SELF)
    assert levels(uow, catalog)[PERSUASION] == (typical[PERSUASION].level, Evidence.OCCUPATION)  # raised
    assert len(added) == 67

    _, replaced = skills_from_occupation(uow, catalog, SALES_REP, on=TODAY, now=NOW, replace_higher=True)
    assert levels(uow, catalog)[NEGOTIATION] == (typical[NEGOTIATION].level, Evidence.OCCUPATION)
    assert len(replaced) == 68


def test_an_occupation_without_ratings_gives_no_levels_and_says_why(
    uow: FakeUnitOfWork, catalog: OccupationStore
) -> None:
    with pytest.raises(ValidationError, match=r"no skill or knowledge ratings for 11-2032\.00 Public Relations") as no:
        skills_from_occupation(uow, catalog, PR_MANAGER, on=TODAY, now=NOW)
    assert no.value.hint is not None
    assert "skills set" in no.value.hint
    assert uow.tables.skill_levels == {}


def test_set_skill_finds_an_element_by_id_name_or_unique_prefix(uow: FakeUnitOfWork, catalog: OccupationStore) -> None:
    for text in ("2.b.1.D", "negotiation", "Negot"):
        element, entry = set_skill(uow, catalog, text, 4.0, on=TODAY, now=NOW)
        assert (element.id, element.name, entry.element_id) == (NEGOTIATION, "Negotiation", NEGOTIATION)
    assert [s.level for s in skill_history(uow, catalog, "Negotiation")] == [4.0, 4.0, 4.0]


def test_set_skill_refuses_a_level_off_the_scale_with_the_anchors(
    uow: FakeUnitOfWork, catalog: OccupationStore
) -> None:
    with pytest.raises(ValidationError) as refused:
        set_skill(uow, catalog, "Negotiation", 8, on=TODAY, now=NOW)
    assert refused.value.message == "A level of 8 is outside O*NET's scale of 0 to 7."
    assert refused.value.hint is not None
    assert "6 is expert" in refused.value.hint
    assert uow.tables.skill_levels == {}


def test_set_skill_refuses_an_unknown_element_and_says_where_to_look(
    uow: FakeUnitOfWork, catalog: OccupationStore
) -> None:
    with pytest.raises(NotFound) as unknown:
        set_skill(uow, catalog, "Juggling", 3, on=TODAY, now=NOW)
    assert unknown.value.message == "'Juggling' is not an O*NET skill or knowledge element."
    assert unknown.value.hint is not None
    assert "headway skills list --all" in unknown.value.hint
    with pytest.raises(ValidationError) as ambiguous:
        set_skill(uow, catalog, "Management of", 3, on=TODAY, now=NOW)
    for name, element_id in (("Financial", "2.B.5.b"), ("Material", "2.B.5.c"), ("Personnel", "2.B.5.d")):
        assert f"Management of {name} Resources (skill, {element_id})" in ambiguous.value.message
    assert uow.tables.skill_levels == {}


def test_a_name_two_elements_share_is_refused_naming_both_ids(uow: FakeUnitOfWork, catalog: OccupationStore) -> None:
    # 'Mathematics' is both a skill (2.A.1.e) and a knowledge area (2.C.4.a): only the id can tell them apart.
    with pytest.raises(ValidationError) as ambiguous:
        set_skill(uow, catalog, "Mathematics", 3, on=TODAY, now=NOW)
    assert ambiguous.value.message == (
        "'Mathematics' matches Mathematics (skill, 2.A.1.e), Mathematics (knowledge, 2.C.4.a): give the id."
    )
    assert uow.tables.skill_levels == {}
    element, _ = set_skill(uow, catalog, "2.C.4.a", 3, on=TODAY, now=NOW)
    assert (element.name, element.domain) == ("Mathematics", "knowledge")


def test_a_credential_needs_its_name(uow: FakeUnitOfWork, catalog: OccupationStore) -> None:
    with pytest.raises(ValidationError, match="A credential needs its name") as unnamed:
        set_skill(uow, catalog, "Negotiation", 5, evidence=Evidence.CREDENTIAL, source="  ", on=TODAY, now=NOW)
    assert unnamed.value.field == "source"
    _, entry = set_skill(
        uow,
        catalog,
        "Negotiation",
        5,
        evidence=Evidence.CREDENTIAL,
        source=" Negotiation certificate ",
        on=TODAY,
        now=NOW,
    )
    assert (entry.evidence, entry.source) == (Evidence.CREDENTIAL, "Negotiation certificate")


# -- the gap -----------------------------------------------------------------------------------------------------------


def test_the_gap_from_a_sales_rep_to_sales_manager_is_the_documented_transfer(
    uow: FakeUnitOfWork, catalog: OccupationStore
) -> None:
    skills_from_occupation(uow, catalog, SALES_REP, on=TODAY, now=NOW)
    report = skill_gap(uow, catalog, "11-2022", top=3)
    assert report.gap is not None
    # At a sales rep's typical levels, readiness for sales manager is the transfer between the two occupations.
    moved = transfer(catalog.ratings(SALES_REP), catalog.ratings(SALES_MANAGER))
    assert moved is not None
    assert report.gap.readiness == pytest.approx(moved.transferability)
    assert 0.5 < report.gap.readiness < 1.0
    assert report.gap.unrated == 0
    assert list(report.activities) == [line.element.id for line in report.gap.gaps[:3]]
    assert report.occupation.title == "Sales Managers"
    assert (report.job_zone, report.entry_education) == (4, "Bachelor's degree")


def test_with_no_skills_stated_every_element_is_unrated_and_readiness_is_zero(
    uow: FakeUnitOfWork, catalog: OccupationStore
) -> None:
    report = skill_gap(uow, catalog, SALES_MANAGER)
    relevant = [r for r in catalog.ratings(SALES_MANAGER).values() if not r.not_relevant]
    assert report.gap is not None
    assert report.gap.readiness == 0.0
    assert report.gap.unrated == len(relevant) == len(report.gap.lines)
    assert len(report.activities) == 5  # the default --top


def test_the_gap_to_an_unrated_occupation_is_none_not_a_number(uow: FakeUnitOfWork, catalog: OccupationStore) -> None:
    report = skill_gap(uow, catalog, PR_MANAGER)
    assert report.gap is None
    assert report.activities == {}


@pytest.mark.parametrize("top", [0, 16])
def test_top_is_between_1_and_15(uow: FakeUnitOfWork, catalog: OccupationStore, top: int) -> None:
    with pytest.raises(ValidationError, match=f"--top {top}: choose between 1 and 15"):
        skill_gap(uow, catalog, SALES_MANAGER, top=top)


def test_an_unknown_or_malformed_code_is_refused_with_a_hint(uow: FakeUnitOfWork, catalog: OccupationStore) -> None:
    with pytest.raises(NotFound, match=r"There is no occupation 99-9999\.00 in O\*NET 29\.2\.") as unknown:
        skill_gap(uow, catalog, "99-9999")
    assert unknown.value.hint is not None
    assert "occupations match" in unknown.value.hint
    with pytest.raises(ValidationError, match="'abc' is not an O\\*NET-SOC code"):
        skill_gap(uow, catalog, "abc")


# -- plan generate -----------------------------------------------------------------------------------------------------


def generated(uow: FakeUnitOfWork, catalog: OccupationStore, accept: list[int] | None = None) -> GeneratedPlan:
    return generate_plan(uow, catalog, "1", today=TODAY, now=NOW, accept=accept)


def test_a_proposal_adds_nothing(uow: FakeUnitOfWork, catalog: OccupationStore) -> None:
    skills_from_occupation(uow, catalog, SALES_REP, on=TODAY, now=NOW)
    aim(uow)
    before = stored_rows(uow)
    plan = generated(uow, catalog)
    assert plan.added == []
    assert stored_rows(uow) == before
    assert plan.start == TODAY  # the goal started on 2026-01-01; nothing is scheduled in the past
    assert plan.proposal.capacity == 6.0
    report = plan.report
    assert report.gap is not None
    expected = [(line.element.id, a.title) for line in report.gap.gaps[:5] for a in report.activities[line.element.id]]
    assert [(m.element_id, m.title) for m in plan.proposal.milestones] == expected


def test_accepting_all_adds_milestones_with_dependencies_reasons_and_the_levels_they_earn(
    uow: FakeUnitOfWork, catalog: OccupationStore
) -> None:
    skills_from_occupation(uow, catalog, SALES_REP, on=TODAY, now=NOW)
    aim(uow)
    proposal = generated(uow, catalog).proposal
    plan = generated(uow, catalog, accept=[m.number for m in proposal.milestones])
    assert len(plan.added) == len(proposal.milestones) >= 10
    task_of = {m.number: t for m, t in zip(proposal.milestones, plan.added, strict=True)}
    for m in proposal.milestones:
        task = uow.tables.tasks[task_of[m.number].id or 0]
        assert (task.title, task.kind, task.planned_start, task.due, task.effort_hours) == (
            m.title,
            TaskKind.MILESTONE,
            m.planned_start,
            m.due,
            m.effort_hours,
        )
        assert task.depends_on == tuple(task_of[n].id for n in m.after)
        assert task.goal_id == 1
    reasons = [r.reason for r in uow.tables.revisions.values() if r.field == "task added"]
    assert reasons == ["generated from the skill gap to 11-2022.00 Sales Managers"] * len(proposal.milestones)
    closing = {
        task_of[m.number].id: (m.element_id, m.closes_level, SALES_MANAGER)
        for m in proposal.milestones
        if m.closes_level is not None
    }
    assert uow.tables.gap_milestones == closing
    assert len(closing) == 5  # one per gap planned


def test_accepting_some_adds_only_those(uow: FakeUnitOfWork, catalog: OccupationStore) -> None:
    skills_from_occupation(uow, catalog, SALES_REP, on=TODAY, now=NOW)
    aim(uow)
    proposal = generated(uow, catalog).proposal
    first, second = proposal.milestones[:2]
    assert second.after == (1,)
    plan = generated(uow, catalog, accept=[1, 2])
    assert [t.title for t in plan.added] == [first.title, second.title]
    assert plan.added[1].depends_on == (plan.added[0].id,)
    assert list(uow.tables.tasks) == [t.id for t in plan.added]


def test_accepting_a_milestone_without_what_it_waits_for_is_refused(
    uow: FakeUnitOfWork, catalog: OccupationStore
) -> None:
    skills_from_occupation(uow, catalog, SALES_REP, on=TODAY, now=NOW)
    aim(uow)
    before = stored_rows(uow)
    with pytest.raises(ValidationError) as refused:
        generated(uow, catalog, accept=[2])  # the project, without the course it builds on
    assert refused.value.message == "Proposed milestone 2 waits for 1, which is neither accepted nor in the plan."
    assert refused.value.hint is not None
    assert "--accept 1,2" in refused.value.hint
    assert stored_rows(uow) == before


def test_accepting_a_number_not_proposed_adds_nothing(uow: FakeUnitOfWork, catalog: OccupationStore) -> None:
    skills_from_occupation(uow, catalog, SALES_REP, on=TODAY, now=NOW)
    aim(uow)
    before = stored_rows(uow)
    count = len(generated(uow, catalog).proposal.milestones)
    with pytest.raises(ValidationError, match=f"There is no proposed milestone 99 \\(1 to {count}\\)"):
        generated(uow, catalog, accept=[1, 2, 99])
    assert stored_rows(uow) == before


def test_a_goal_without_target_occupation_cannot_generate_and_is_told_how(
    uow: FakeUnitOfWork, catalog: OccupationStore
) -> None:
    aim(uow, None)
    with pytest.raises(ValidationError) as refused:
        generated(uow, catalog, accept=[1])
    assert refused.value.message == "Goal 1 'Become a sales manager' names no target occupation to plan towards."
    assert refused.value.hint is not None
    assert "headway goal edit 1 --target-occupation CODE" in refused.value.hint
    assert uow.tables.tasks == {}


def test_an_unrated_target_occupation_cannot_generate(uow: FakeUnitOfWork, catalog: OccupationStore) -> None:
    aim(uow, PR_MANAGER)
    with pytest.raises(ValidationError, match=r"O\*NET has no skill or knowledge ratings for 11-2032\.00") as refused:
        generated(uow, catalog, accept=[1])
    assert refused.value.hint is not None
    assert "task add" in refused.value.hint
    assert uow.tables.tasks == {}


def test_no_gap_means_nothing_to_plan(uow: FakeUnitOfWork, catalog: OccupationStore) -> None:
    skills_from_occupation(uow, catalog, SALES_MANAGER, on=TODAY, now=NOW)  # already at a sales manager's levels
    aim(uow)
    with pytest.raises(ValidationError, match="You already reach every level Sales Managers needs"):
        generated(uow, catalog)


# -- completing a generated milestone ----------------------------------------------------------------------------------


def accept_all(uow: FakeUnitOfWork, catalog: OccupationStore) -> GeneratedPlan:
    skills_from_occupation(uow, catalog, SALES_REP, on=TODAY - timedelta(days=30), now=NOW)
    aim(uow)
    proposal = generated(uow, catalog).proposal
    return generated(uow, catalog, accept=[m.number for m in proposal.milestones])


def test_completing_the_closing_milestone_raises_the_skill_with_milestone_evidence(
    uow: FakeUnitOfWork, catalog: OccupationStore
) -> None:
    plan = accept_all(uow, catalog)
    course, project = plan.proposal.milestones[:2]
    assert (course.closes_level, project.closes_level is not None) == (None, True)
    element = project.element_id
    before = levels(uow, catalog)[element]

    complete_task(uow, f"#{plan.added[0].id}", on=TODAY, now=NOW)  # the course: learning earns no level yet
    assert levels(uow, catalog)[element] == before
    complete_task(uow, f"#{plan.added[1].id}", on=TODAY, now=NOW)
    assert levels(uow, catalog)[element] == (project.closes_level, Evidence.MILESTONE)
    latest = skill_history(uow, catalog, element)[-1]
    assert (latest.on_date, latest.source) == (TODAY, project.title)
    assert project.closes_level is not None
    assert project.closes_level > before[0]


def test_completing_the_closing_milestone_never_lowers_a_skill(uow: FakeUnitOfWork, catalog: OccupationStore) -> None:
    plan = accept_all(uow, catalog)
    project = plan.proposal.milestones[1]
    set_skill(uow, catalog, project.element_id, 7.0, on=TODAY, now=NOW)  # the person got there another way
    count = len(uow.tables.skill_levels)
    complete_task(uow, f"#{plan.added[1].id}", on=TODAY, now=NOW)
    assert len(uow.tables.skill_levels) == count
    assert levels(uow, catalog)[project.element_id] == (7.0, Evidence.SELF)


def test_a_milestone_recorded_as_done_last_week_still_raises_the_skill(
    uow: FakeUnitOfWork, catalog: OccupationStore
) -> None:
    skills_from_occupation(uow, catalog, SALES_REP, on=TODAY, now=NOW)  # today: the profile starts
    aim(uow)
    proposal = generated(uow, catalog).proposal
    plan = generated(uow, catalog, accept=[m.number for m in proposal.milestones])
    project = proposal.milestones[1]
    complete_task(uow, f"#{plan.added[1].id}", on=TODAY - timedelta(days=5), now=NOW, today=TODAY)
    assert levels(uow, catalog)[project.element_id] == (project.closes_level, Evidence.MILESTONE)
    latest = skill_history(uow, catalog, project.element_id)[-1]
    assert latest.note == "milestone done on 2026-11-20"  # the day it was done is kept beside the level


# -- target occupation and wages ---------------------------------------------------------------------------------------


def test_a_goals_target_occupation_is_set_changed_and_cleared_with_its_history(
    uow: FakeUnitOfWork, catalog: OccupationStore
) -> None:
    aim(uow, None)
    set_target_occupation(uow, catalog, "1", "11-2022", reason="Aim named", now=NOW)
    set_target_occupation(uow, catalog, "1", "11-2022.00", reason="Same again", now=NOW)  # no change, no history
    set_target_occupation(uow, catalog, "1", "11-1021", reason="Broader role", now=NOW)
    set_target_occupation(uow, catalog, "1", None, reason="Undecided", now=NOW)
    changes = [(r.before, r.after, r.reason) for r in uow.tables.revisions.values() if r.field == "target_occupation"]
    assert changes == [
        ("-", "11-2022.00 Sales Managers", "Aim named"),
        ("11-2022.00 Sales Managers", "11-1021.00 General and Operations Managers", "Broader role"),
        ("11-1021.00 General and Operations Managers", "-", "Undecided"),
    ]
    assert uow.tables.goal_occupations == {}
    with pytest.raises(NotFound):
        set_target_occupation(uow, catalog, "1", "99-9999", reason="", now=NOW)
    assert uow.tables.goal_occupations == {}


def test_a_salary_goal_is_placed_among_the_target_occupations_wages(
    uow: FakeUnitOfWork, catalog: OccupationStore
) -> None:
    salary = money_goal(uow, "Earn a manager's salary", numeric_measure("salary", "USD", 90_000, 120_000))
    wages = catalog.wages("11-2022")
    assert wages is not None
    assert (wages.p25, wages.median) == (100_360, 148_270)  # OEWS May 2025, sales managers
    position = goal_wage_position(catalog, salary, SALES_MANAGER)
    assert position is not None
    # 25 + (120,000 - 100,360) / (148,270 - 100,360) x 25 = 25 + 19,640 / 47,910 x 25 = 35.248..., so 35.2
    assert position.percentile == 35.2
    assert position.phrase == "between the 25th (100,360) and 50th (148,270) percentiles, about the 35th"
    assert goal_wage_position(catalog, aim(uow, None, title="Lead"), SALES_MANAGER) is None  # not a salary goal


def test_a_salary_in_another_currency_is_not_placed_among_us_dollar_wages(
    uow: FakeUnitOfWork, catalog: OccupationStore
) -> None:
    salary = money_goal(
        uow, "Earn a manager's salary", numeric_measure("salary", "EUR", 90_000, 120_000)
    )  # Alice's currency is EUR
    assert goal_wage_position(catalog, salary, SALES_MANAGER) is None


def test_a_savings_target_is_not_placed_among_wages(uow: FakeUnitOfWork, catalog: OccupationStore) -> None:
    savings = money_goal(uow, "An emergency fund", numeric_measure("savings", "USD", 2_000, 20_000))
    assert goal_wage_position(catalog, savings, SALES_MANAGER) is None  # 20,000 of savings is not a wage


def test_accepting_the_same_plan_twice_adds_each_milestone_once(uow: FakeUnitOfWork, catalog: OccupationStore) -> None:
    skills_from_occupation(uow, catalog, SALES_REP, on=TODAY, now=NOW)
    aim(uow)
    proposal = generated(uow, catalog).proposal
    first = generated(uow, catalog, accept=[1])
    assert len(first.added) == 1
    everything = [m.number for m in proposal.milestones]
    again = generated(uow, catalog, accept=everything)
    assert again.already == (1,)
    assert len(uow.tables.tasks) == len(proposal.milestones)  # #1 was not added a second time
    second = next(t for t in again.added if t.title == proposal.milestones[1].title)
    assert second.depends_on == (first.added[0].id,)  # and what waits for it is linked to the one in the plan
    assert generated(uow, catalog, accept=everything).added == []


def test_a_level_dated_in_the_future_is_refused(uow: FakeUnitOfWork, catalog: OccupationStore) -> None:
    with pytest.raises(ValidationError, match="cannot be dated in the future"):
        set_skill(uow, catalog, "Persuasion", 3, on=TODAY + timedelta(days=1), now=NOW, today=TODAY)
    assert uow.tables.skill_levels == {}


@pytest.mark.parametrize("metric", ["hourly pay", "monthly salary", "salary savings"])
def test_pay_by_the_hour_or_month_or_savings_is_not_placed_among_annual_wages(
    uow: FakeUnitOfWork, catalog: OccupationStore, metric: str
) -> None:
    goal = money_goal(uow, "Pay", numeric_measure(metric, "USD", 40, 75))
    assert goal_wage_position(catalog, goal, SALES_MANAGER) is None


def test_reopening_the_closing_milestone_takes_back_the_level_it_earned(
    uow: FakeUnitOfWork, catalog: OccupationStore
) -> None:
    plan = accept_all(uow, catalog)
    project = plan.proposal.milestones[1]
    before = levels(uow, catalog)[project.element_id]
    complete_task(uow, f"#{plan.added[1].id}", on=TODAY, now=NOW)
    assert levels(uow, catalog)[project.element_id][1] == Evidence.MILESTONE
    edit_task(uow, f"#{plan.added[1].id}", {"status": TaskStatus.OPEN, "done_on": None}, reason="not done", now=NOW)
    assert levels(uow, catalog)[project.element_id] == before  # back to the level from the occupation
    assert skill_history(uow, catalog, project.element_id)[-1].note.startswith("restored: the milestone")


def test_a_goal_edit_and_its_occupation_are_saved_together_or_not_at_all(
    uow: FakeUnitOfWork, catalog: OccupationStore
) -> None:
    goal = aim(uow, None)
    with pytest.raises(NotFound):
        edit_goal_and_occupation(uow, catalog, "1", {"title": "Lead sales"}, occupation="99-9999", reason="", now=NOW)
    assert uow.tables.goals[goal.id or 0].title == goal.title  # the title was not saved either
    saved, diff = edit_goal_and_occupation(
        uow, catalog, "1", {"title": "Lead sales"}, occupation="11-2022", reason="the role I want", now=NOW
    )
    assert saved.title == "Lead sales"
    assert [(c.field, c.after) for c in diff] == [
        ("title", "Lead sales"),
        ("target_occupation", "11-2022.00 Sales Managers"),
    ]
    _, cleared = edit_goal_and_occupation(uow, catalog, "1", {}, occupation="none", reason="", now=NOW)
    assert [(c.field, c.before, c.after) for c in cleared] == [("target_occupation", "11-2022.00 Sales Managers", "-")]
    assert uow.tables.goal_occupations == {}
