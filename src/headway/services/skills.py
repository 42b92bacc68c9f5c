"""Skills use cases: the person's skills profile, the gap to an occupation, and a plan generated from it."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Literal

from headway.domain.development import Activity, PlanProposal, activities, propose_plan
from headway.domain.errors import NotFound, ValidationError
from headway.domain.goals import Change, Goal, GoalKind, NumericMeasure
from headway.domain.occupations import Element, Occupation, Wages, wage_position
from headway.domain.records import Revision
from headway.domain.skills import Evidence, Gap, SkillLevel, check_level, current_levels, gap
from headway.domain.tasks import Task, TaskKind, TaskStatus
from headway.services.catalog import OccupationCatalog
from headway.services.common import current_profile, person_id, resolve_goal
from headway.services.ports import UnitOfWork

PAY_WORDS = {"salary", "pay", "income", "wage", "wages", "compensation", "earnings"}  # what a job pays
PERIODS = {"hour", "hourly", "day", "daily", "week", "weekly", "month", "monthly"}  # BLS wages here are annual
NOT_PAY = {"savings", "saved", "debt", "revenue", "sales", "bonus"}
US_DOLLARS = {"usd", "$", "us$", "dollars", "usd/year", "$/year", "usd a year"}
DEFAULT_TOP = 5
MAX_TOP = 15


def set_skill(
    uow: UnitOfWork,
    catalog: OccupationCatalog,
    element: str,
    level: float,
    *,
    evidence: Evidence = Evidence.SELF,
    source: str = "",
    note: str = "",
    on: date,
    now: datetime,
    today: date | None = None,
) -> tuple[Element, SkillLevel]:
    """Record a level; with `today` given, a date after it is refused (a future level would stay current)."""
    found = catalog.find_element(element)
    if today is not None and on > today:
        raise ValidationError(f"A level cannot be dated in the future ({on}).", field="on")
    if evidence == Evidence.CREDENTIAL and not source.strip():
        raise ValidationError("A credential needs its name (--source 'PMP certification').", field="source")
    entry = SkillLevel(found.id, check_level(level), evidence, on, source.strip(), note.strip())
    with uow.write():
        entry = replace(entry, person_id=person_id(uow))
        entry = replace(entry, id=uow.skills.add(entry, now))
    return found, entry


def skills_from_occupation(
    uow: UnitOfWork, catalog: OccupationCatalog, code: str, *, on: date, now: datetime, replace_higher: bool = False
) -> tuple[Occupation, list[SkillLevel]]:
    """Start a skills profile from an occupation's typical levels (evidence: occupation).

    An element the person already stated at a higher level keeps it unless `replace_higher`.
    """
    occupation = catalog.occupation(code)
    ratings = catalog.ratings(occupation.code)
    if not ratings:
        raise ValidationError(
            f"O*NET has no skill or knowledge ratings for {occupation.code} {occupation.title}, "
            "so there are no typical levels to start from.",
            hint="Rate your skills yourself with `headway skills set ELEMENT LEVEL`, or start from a related "
            "occupation (`headway paths --from CODE`).",
        )
    added = []
    with uow.write():
        person = person_id(uow)
        current = current_levels(uow.skills.history(person))
        for element_id, rating in sorted(ratings.items()):
            if element_id not in catalog.elements:
                continue
            held = current.get(element_id)
            if held is not None and held.level >= rating.level and not replace_higher:
                continue
            entry = SkillLevel(element_id, rating.level, Evidence.OCCUPATION, on, occupation.code, person_id=person)
            added.append(replace(entry, id=uow.skills.add(entry, now)))
    return occupation, added


@dataclass(frozen=True)
class SkillsProfile:
    current: dict[str, SkillLevel]
    elements: dict[str, Element]


def skills_profile(uow: UnitOfWork, catalog: OccupationCatalog) -> SkillsProfile:
    with uow.read():
        history = uow.skills.history(person_id(uow))
    return SkillsProfile(current_levels(history), catalog.elements)


def skill_history(uow: UnitOfWork, catalog: OccupationCatalog, element: str | None) -> list[SkillLevel]:
    element_id = catalog.find_element(element).id if element else None
    with uow.read():
        return uow.skills.history(person_id(uow), element_id)


@dataclass(frozen=True)
class GapReport:
    occupation: Occupation
    gap: Gap | None  # None: O*NET has no ratings for the occupation
    activities: dict[str, list[Activity]]  # for the top gaps, by element id
    job_zone: int | None
    entry_education: str | None


def skill_gap(uow: UnitOfWork, catalog: OccupationCatalog, code: str, *, top: int = DEFAULT_TOP) -> GapReport:
    if not 1 <= top <= MAX_TOP:
        raise ValidationError(f"--top {top}: choose between 1 and {MAX_TOP}.", field="top")
    occupation = catalog.occupation(code)
    with uow.read():
        levels = current_levels(uow.skills.history(person_id(uow)))
    return gap_report(catalog, occupation, levels, top=top)


def gap_report(
    catalog: OccupationCatalog, occupation: Occupation, levels: dict[str, SkillLevel], *, top: int = DEFAULT_TOP
) -> GapReport:
    ratings = catalog.ratings(occupation.code)
    outlook = catalog.outlook(occupation.soc)
    education = outlook.education if outlook else None
    if not ratings:
        return GapReport(occupation, None, {}, occupation.job_zone, education)
    result = gap(ratings, catalog.elements, levels)
    technologies = _hot_technologies(catalog, occupation.code)
    plans = {
        line.element.id: activities(
            line,
            occupation_title=occupation.title,
            job_zone=occupation.job_zone,
            entry_education=education,
            technologies=technologies if line.element.id.startswith("2.B.3") else (),
        )
        for line in result.gaps[:top]
    }
    return GapReport(occupation, result, plans, occupation.job_zone, education)


def _hot_technologies(catalog: OccupationCatalog, code: str) -> list[str]:
    return [t.example for t in catalog.technologies(code) if t.hot][:3]


@dataclass(frozen=True)
class GeneratedPlan:
    goal: Goal
    report: GapReport
    proposal: PlanProposal
    start: date
    added: list[Task]  # the milestones accepted and added (empty for a proposal only)
    already: tuple[int, ...] = ()  # proposed milestones the goal's plan already has (same title): never added twice


def generate_plan(
    uow: UnitOfWork,
    catalog: OccupationCatalog,
    goal_ref: str,
    *,
    today: date,
    now: datetime,
    top: int = DEFAULT_TOP,
    accept: list[int] | Literal["all"] | None = None,
) -> GeneratedPlan:
    """Propose milestones for the top gaps to the goal's target occupation; add the ones in `accept` ("all": all).

    Accepted milestones are added with their dependencies in one transaction, each as a revision whose reason
    names the gap, so the plan's history shows where they came from.
    """
    if not 1 <= top <= MAX_TOP:
        raise ValidationError(f"--top {top}: choose between 1 and {MAX_TOP}.", field="top")
    with uow.write() if accept else uow.read():
        person = person_id(uow)
        goal = resolve_goal(uow, person, goal_ref)
        assert goal.id is not None
        code = uow.skills.target_occupation(goal.id)
        if code is None:
            raise ValidationError(
                f"Goal {goal.id} '{goal.title}' names no target occupation to plan towards.",
                hint=f"Set one: `headway goal edit {goal.id} --target-occupation CODE` "
                "(find the code with `headway occupations match`).",
            )
        profile = current_profile(uow)
        levels = current_levels(uow.skills.history(person))
        report = gap_report(catalog, catalog.occupation(code), levels, top=top)
        if report.gap is None:
            raise ValidationError(
                f"O*NET has no skill or knowledge ratings for {report.occupation.code} {report.occupation.title}, "
                "so Headway cannot say what to develop.",
                hint="Plan the milestones yourself with `headway task add`.",
            )
        work = [(line, report.activities[line.element.id]) for line in report.gap.gaps[:top]]
        if not work:
            raise ValidationError(
                f"You already reach every level {report.occupation.title} needs: there is no gap to plan for."
            )
        start = max(today, goal.start_date)
        proposal = propose_plan(work, start=start, target=goal.target_date, capacity=profile.weekly_capacity_hours)
        existing = {t.title.strip().lower(): t.id for t in uow.tasks.for_goal(goal.id) if t.id is not None}
        ids = {m.number: existing[m.title.strip().lower()] for m in proposal.milestones
               if m.title.strip().lower() in existing}  # fmt: skip
        already = tuple(sorted(ids))
        wanted = [m.number for m in proposal.milestones] if accept == "all" else accept or []
        picked = [n for n in wanted if n not in ids]
        added = _accept(uow, goal, report, proposal, picked=picked, ids=ids, now=now) if picked else []
    return GeneratedPlan(goal, report, proposal, start, added, already)


def _accept(
    uow: UnitOfWork,
    goal: Goal,
    report: GapReport,
    proposal: PlanProposal,
    *,
    picked: list[int],
    ids: dict[int, int],
    now: datetime,
) -> list[Task]:
    """Add the picked milestones; `ids` maps proposed numbers already in the plan to their tasks (dependencies)."""
    numbers = {m.number: m for m in proposal.milestones}
    unknown = sorted(set(picked) - set(numbers))
    if unknown:
        raise ValidationError(
            f"There is no proposed milestone {', '.join(map(str, unknown))} (1 to {len(numbers)}).", field="accept"
        )
    missing = sorted({n for number in picked for n in numbers[number].after} - set(picked) - set(ids))
    if missing:
        waiting = [number for number in picked if set(numbers[number].after) & set(missing)]
        raise ValidationError(
            f"Proposed milestone {', '.join(map(str, waiting))} waits for {', '.join(map(str, missing))}, "
            "which is neither accepted nor in the plan.",
            field="accept",
            hint=f"Accept both (--accept {','.join(map(str, sorted({*picked, *missing})))}), or add the first "
            "one yourself before the one that builds on it.",
        )
    assert goal.id is not None
    ids = dict(ids)
    added = []
    reason = f"generated from the skill gap to {report.occupation.code} {report.occupation.title}"
    for number in sorted(set(picked)):
        proposed = numbers[number]
        task = Task(
            goal_id=goal.id,
            title=proposed.title,
            kind=TaskKind.MILESTONE,
            planned_start=proposed.planned_start,
            due=proposed.due,
            effort_hours=proposed.effort_hours,
            depends_on=tuple(sorted(ids[n] for n in proposed.after if n in ids)),
            created_at=now,
        )
        task = replace(task, id=uow.tasks.add(task))
        assert task.id is not None
        ids[number] = task.id
        if proposed.closes_level is not None:
            uow.skills.add_gap_milestone(task.id, proposed.element_id, proposed.closes_level, report.occupation.code)
        uow.revisions.add(Revision(goal.id, now, "task added", "-", task.title, reason=reason, task_id=task.id))
        added.append(task)
    return added


def earn_from_milestone(uow: UnitOfWork, person: int, task: Task, now: datetime) -> SkillLevel | None:
    """A done milestone generated from a gap raises the skill it closes (evidence: milestone); never lowers it."""
    if task.id is None or task.status != TaskStatus.DONE or task.done_on is None:
        return None
    earned = uow.skills.gap_milestones([task.id]).get(task.id)
    if earned is None:
        return None
    element_id, level, _code = earned
    held = current_levels(uow.skills.history(person, element_id)).get(element_id)
    if held is not None and held.level >= level:
        return None
    # Dated no earlier than the statement it supersedes: a milestone recorded late (done --on last week) must
    # still become the current level; the note keeps the day it was done.
    on = task.done_on if held is None else max(task.done_on, held.on_date)
    note = f"milestone done on {task.done_on}"
    entry = SkillLevel(element_id, level, Evidence.MILESTONE, on, task.title, note, person_id=person)
    return replace(entry, id=uow.skills.add(entry, now))


def revoke_from_milestone(uow: UnitOfWork, person: int, task: Task, now: datetime, on: date) -> SkillLevel | None:
    """A generated milestone reopened or dropped: the level it earned goes back to the one before it.

    Only while the milestone's level is still the current one: a level stated or earned since stands.
    """
    if task.id is None:
        return None
    earned = uow.skills.gap_milestones([task.id]).get(task.id)
    if earned is None:
        return None
    element_id = earned[0]
    history = uow.skills.history(person, element_id)
    if not history or history[-1].evidence != Evidence.MILESTONE or history[-1].source != task.title:
        return None
    before = history[-2] if len(history) > 1 else None
    entry = SkillLevel(
        element_id,
        before.level if before else 0.0,
        before.evidence if before else Evidence.SELF,
        max(on, history[-1].on_date),
        before.source if before else "",
        f"restored: the milestone '{task.title}' was reopened or dropped",
        person_id=person,
    )
    return replace(entry, id=uow.skills.add(entry, now))


def set_target_occupation(
    uow: UnitOfWork, catalog: OccupationCatalog, goal_ref: str, code: str | None, *, reason: str, now: datetime
) -> tuple[Goal, Occupation | None]:
    """Name (or clear) the occupation a goal aims at; the change is kept in the goal's history with its reason."""
    occupation = catalog.occupation(code) if code else None
    with uow.write():
        goal = resolve_goal(uow, person_id(uow), goal_ref)
        _set_target(uow, catalog, goal, occupation, reason=reason, now=now)
    return goal, occupation


def edit_goal_and_occupation(
    uow: UnitOfWork,
    catalog: OccupationCatalog,
    goal_ref: str,
    changes: dict[str, Any],
    *,
    occupation: str | None,
    reason: str,
    now: datetime,
    expected_version: int | None = None,
) -> tuple[Goal, list[Change]]:
    """`goal edit`: the goal's fields and, when `occupation` is given ('none' clears it), its target occupation,
    all in one transaction; an unknown code is refused before anything is written."""
    from headway.services.goals import edit_goal

    clear = occupation is not None and occupation.strip().lower() == "none"
    target = catalog.occupation(occupation) if occupation is not None and not clear else None
    with uow.write():
        goal, diff = edit_goal(uow, goal_ref, changes, reason=reason, now=now, expected_version=expected_version)
        if occupation is not None:
            change = _set_target(uow, catalog, goal, target, reason=reason, now=now)
            diff = [*diff, change] if change else list(diff)
    return goal, diff


def _set_target(
    uow: UnitOfWork,
    catalog: OccupationCatalog,
    goal: Goal,
    occupation: Occupation | None,
    *,
    reason: str,
    now: datetime,
) -> Change | None:
    assert goal.id is not None
    before = uow.skills.target_occupation(goal.id)
    after = occupation.code if occupation else None
    if before == after:
        return None
    uow.skills.set_target_occupation(goal.id, after)
    describe = {None: "-"} | {c: f"{c} {catalog.titles.get(c, '')}".strip() for c in (before, after) if c}
    uow.revisions.add(Revision(goal.id, now, "target_occupation", describe[before], describe[after], reason=reason))
    return Change("target_occupation", describe[before], describe[after])


def target_occupation_of(uow: UnitOfWork, goal_id: int | None) -> str | None:
    if goal_id is None:
        return None
    with uow.read():
        return uow.skills.target_occupation(goal_id)


@dataclass(frozen=True)
class WagePosition:
    occupation: Occupation
    wages: Wages
    amount: float
    phrase: str
    percentile: float | None


def goal_wage_position(catalog: OccupationCatalog, goal: Goal, code: str | None) -> WagePosition | None:
    """For a financial goal measured in money with a target occupation: where its target falls among the wages."""
    if code is None or goal.kind != GoalKind.FINANCIAL or not isinstance(goal.measure, NumericMeasure):
        return None
    words = set(re.findall(r"[a-z]+", goal.measure.metric.lower()))
    if not words & PAY_WORDS or words & (PERIODS | NOT_PAY):
        return None  # a savings target, or pay by the hour or month, is not an annual wage
    if goal.measure.unit.strip().lower() not in US_DOLLARS:
        return None  # BLS wages are US dollars; a target in another currency cannot be placed among them
    try:
        occupation = catalog.occupation(code)
    except (NotFound, ValidationError):  # a code the data no longer has, or a damaged import: nothing to compare
        return None
    wages = catalog.wages(occupation.soc)
    if wages is None:
        return None
    phrase, percentile = wage_position(wages, goal.measure.target)
    return WagePosition(occupation, wages, goal.measure.target, phrase, percentile)
