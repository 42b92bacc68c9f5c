"""From a skill gap to development: activities for each gap, and a plan of milestones within a goal's dates.

The activities are rules, not data: O*NET says what an occupation needs, not how to learn it. Each element's
family in O*NET's content model decides the kind of activity, the way a careful coach would:

- knowledge areas (2.C) and basic content skills (2.A.1): a course, then a project that uses it;
- process skills (2.A.2): a course, then practice with a mentor;
- social skills (2.B.1) and systems skills (2.B.4): a mentor, then a stretch assignment;
- complex problem solving (2.B.2): a project, then a stretch assignment;
- technical skills (2.B.3): a course, then a project with the occupation's hot technologies;
- resource management (2.B.5): a course, then a stretch assignment owning the resource.

A knowledge gap of two levels or more below a level the person stated, in an occupation whose job zone is 4 or 5
(most need a degree), adds a credential, named with BLS's typical entry education for the occupation. (An element
the person has not rated gets no credential: Headway does not know how far they are.)

Effort is estimated per level point of shortfall (HOURS_PER_LEVEL), at least MIN_HOURS, rounded to whole
hours: planning estimates for the person to adjust, not O*NET figures.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from headway.domain.errors import ValidationError
from headway.domain.occupations import Domain
from headway.domain.skills import GapLine


class ActivityKind(StrEnum):
    COURSE = "course"
    PROJECT = "project"
    STRETCH = "stretch assignment"
    MENTORING = "mentoring"
    CREDENTIAL = "credential"


HOURS_PER_LEVEL = {
    ActivityKind.COURSE: 15.0,
    ActivityKind.PROJECT: 20.0,
    ActivityKind.STRETCH: 25.0,
    ActivityKind.MENTORING: 6.0,
    ActivityKind.CREDENTIAL: 40.0,
}
MIN_HOURS = 6.0

FAMILIES: list[tuple[str, tuple[ActivityKind, ActivityKind]]] = [  # longest prefix first
    ("2.A.1", (ActivityKind.COURSE, ActivityKind.PROJECT)),
    ("2.A.2", (ActivityKind.COURSE, ActivityKind.MENTORING)),
    ("2.B.1", (ActivityKind.MENTORING, ActivityKind.STRETCH)),
    ("2.B.2", (ActivityKind.PROJECT, ActivityKind.STRETCH)),
    ("2.B.3", (ActivityKind.COURSE, ActivityKind.PROJECT)),
    ("2.B.4", (ActivityKind.MENTORING, ActivityKind.STRETCH)),
    ("2.B.5", (ActivityKind.COURSE, ActivityKind.STRETCH)),
    ("2.C", (ActivityKind.COURSE, ActivityKind.PROJECT)),
]

# Stretch assignments that name the work itself, for the elements where "a stretch assignment" alone says little.
STRETCH = {
    "Coordination": "coordinate a cross-team piece of work end to end",
    "Instructing": "run a training session or onboard a new colleague",
    "Negotiation": "lead a negotiation (a contract, a supplier, a scope)",
    "Persuasion": "pitch a proposal to decision-makers and win their support",
    "Service Orientation": "own a customer or stakeholder relationship for a quarter",
    "Social Perceptiveness": "run stakeholder interviews and write up what you learned",
    "Complex Problem Solving": "take on an ambiguous problem no one owns and see it through",
    "Judgment and Decision Making": "own a decision with real trade-offs and write up its rationale",
    "Systems Analysis": "map how a process or system works and propose one change",
    "Systems Evaluation": "define measures for a process and report on them for a quarter",
    "Management of Financial Resources": "own a budget and report against it",
    "Management of Material Resources": "manage equipment, stock or facilities for a team",
    "Management of Personnel Resources": "lead a small team or a project with people reporting to you",
    "Time Management": "plan and run a multi-week project to its deadline",
}


@dataclass(frozen=True)
class Activity:
    kind: ActivityKind
    title: str
    hours: float


def activities(
    line: GapLine,
    *,
    occupation_title: str,
    job_zone: int | None,
    entry_education: str | None,
    technologies: Sequence[str] = (),
) -> list[Activity]:
    """Development activities that close one gap, in the order to do them (learn first, then apply)."""
    name = line.element.name
    kinds = next((k for prefix, k in FAMILIES if line.element.id.startswith(prefix)), FAMILIES[-1][1])
    knowledge = line.element.domain == Domain.KNOWLEDGE
    result = [
        Activity(kind, _title(kind, name, technologies, knowledge=knowledge), _hours(kind, line.shortfall))
        for kind in kinds
    ]
    degree_level = job_zone is not None and job_zone >= 4
    if (
        line.element.domain == Domain.KNOWLEDGE
        and line.shortfall >= 2
        and degree_level
        and line.person_level is not None
    ):
        typical = (
            f"; {entry_education} is the typical entry education for {occupation_title}" if entry_education else ""
        )
        result.append(
            Activity(
                ActivityKind.CREDENTIAL,
                f"Credential: a certificate or accredited coursework in {name}{typical}",
                _hours(ActivityKind.CREDENTIAL, line.shortfall),
            )
        )
    return result


def _title(kind: ActivityKind, name: str, technologies: Sequence[str], *, knowledge: bool = False) -> str:
    tools = f" ({', '.join(technologies[:3])})" if technologies else ""
    # O*NET names some knowledge areas with an adjective ("Administrative", "Mechanical"): say what it is
    subject = f"{name} knowledge" if knowledge else name
    return {
        ActivityKind.COURSE: f"Course: {subject}{tools}",
        ActivityKind.PROJECT: f"Project: put your {subject} to work on a real piece of work{tools}"
        if knowledge
        else f"Project: practise {name} on a real piece of work{tools}",
        ActivityKind.STRETCH: f"Stretch assignment: {STRETCH.get(name, f'take on work that needs {name}')}",
        ActivityKind.MENTORING: f"Mentoring: monthly sessions with someone strong in {name}",
        ActivityKind.CREDENTIAL: f"Credential in {name}",
    }[kind]


def _hours(kind: ActivityKind, shortfall: float) -> float:
    return float(max(MIN_HOURS, round(HOURS_PER_LEVEL[kind] * shortfall)))


@dataclass(frozen=True)
class ProposedMilestone:
    number: int  # 1-based, as the person picks them ("--accept 1,2,5")
    title: str
    kind: ActivityKind
    element_id: str
    element_name: str
    effort_hours: float
    planned_start: date
    due: date
    after: tuple[int, ...]  # numbers of the proposed milestones this one waits for
    closes_level: float | None  # completing it earns this level on the element (the gap's target)


@dataclass(frozen=True)
class PlanProposal:
    milestones: list[ProposedMilestone]
    needed_until: date  # when the work would finish at the person's capacity, uncompressed
    fits: bool  # the work fits between the start and the target date at that capacity
    capacity: float


def propose_plan(
    work: Sequence[tuple[GapLine, Sequence[Activity]]], *, start: date, target: date, capacity: float
) -> PlanProposal:
    """Milestones for each gap's activities, one after another at `capacity` hours a week.

    Within a gap, the second activity (apply) waits for the first (learn) and earns the gap's target level; a
    credential waits for the first too, since it builds on the course, not on the project. When the work does
    not fit before `target`, the dates are compressed in proportion to fit the goal's dates, and `fits` is False
    with `needed_until` saying when it would end.
    """
    if capacity <= 0:
        raise ValidationError("A weekly capacity above 0 hours is needed to schedule a plan.", field="capacity")
    if target <= start:
        raise ValidationError(
            f"The goal's target date {target} leaves no time after {start} to schedule milestones.",
            field="target_date",
            hint="Move the target date (goal edit --target-date, with a reason) first.",
        )
    per_day = capacity / 7
    offsets: list[tuple[float, float]] = []
    cursor = 0.0
    for _, acts in work:
        for act in acts:
            offsets.append((cursor, cursor + act.hours / per_day))
            cursor += act.hours / per_day
    span = (target - start).days
    needed_until = start + timedelta(days=max(0, math.ceil(cursor) - 1))
    fits = cursor <= span + 1e-9
    scale = 1.0 if fits else span / cursor
    milestones: list[ProposedMilestone] = []
    index = 0
    for line, acts in work:
        first = len(milestones) + 1
        for position, act in enumerate(acts):
            begin, end = offsets[index]
            index += 1
            closes = act.kind != ActivityKind.CREDENTIAL and position == min(1, len(acts) - 1)
            milestones.append(
                ProposedMilestone(
                    number=len(milestones) + 1,
                    title=act.title,
                    kind=act.kind,
                    element_id=line.element.id,
                    element_name=line.element.name,
                    effort_hours=act.hours,
                    planned_start=start + timedelta(days=math.floor(begin * scale)),
                    due=min(target, start + timedelta(days=max(0, math.ceil(end * scale) - 1))),
                    after=(first,) if position > 0 else (),
                    closes_level=line.target_level if closes else None,
                )
            )
    return PlanProposal(milestones, needed_until, fits, capacity)
