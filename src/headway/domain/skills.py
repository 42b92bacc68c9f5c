"""The person's skills against an occupation: levels with their evidence, the gap, readiness and transferability.

Formulas (the same numbers the CLI, the API and the web pages show):

- An element's weight is its O*NET importance rescaled to 0-1: w = (importance - 1) / 4. An element O*NET rates
  "not important" (1) weighs nothing; "extremely important" (5) weighs 1. Elements O*NET marks not relevant to
  the occupation are left out.
- Shortfall = max(0, target level - person's level), in O*NET level points (0-7). An element the person has not
  rated counts as level 0 and is flagged, so the gap never looks smaller than what is known.
- Priority = w x shortfall: a large shortfall on an element that matters most comes first. Ties go to the more
  important element. It is the "importance x shortfall" rule with importance put on a 0-1 scale, so an element
  rated 1 ("not important") can never outrank a real gap however far below its level the person is.
- Readiness = sum(w x min(person, target)) / sum(w x target): the importance-weighted share of the occupation's
  required levels the person already reaches, 0-100%. Being above the level on one element does not make up
  for a shortfall on another.
- Transferability from occupation A to B is B's readiness for someone at A's typical levels, and the gap size of
  a move is the importance-weighted mean shortfall: sum(w x shortfall) / sum(w), in level points.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from headway.domain.errors import ValidationError
from headway.domain.occupations import LEVEL_MAX, Element, Rating, importance_weight


class Evidence(StrEnum):
    SELF = "self"  # rated by the person
    OCCUPATION = "occupation"  # typical of an occupation the person held
    MILESTONE = "milestone"  # earned by completing a milestone that closed the gap
    CREDENTIAL = "credential"  # a certificate, licence or degree


@dataclass(frozen=True)
class SkillLevel:
    """One statement of the person's level on an element; the latest per element is the current profile."""

    element_id: str
    level: float
    evidence: Evidence
    on_date: date
    source: str = ""  # the occupation code, the milestone or the credential
    note: str = ""
    person_id: int | None = None
    id: int | None = None


def check_level(level: float) -> float:
    if not 0 <= level <= LEVEL_MAX:
        raise ValidationError(
            f"A level of {level:g} is outside O*NET's scale of 0 to 7.",
            field="level",
            hint="O*NET's level anchors: about 2 is basic (e.g. follow simple written instructions), "
            "4 is proficient, 6 is expert (e.g. write a novel or lead a complex negotiation).",
        )
    return level


def current_levels(history: Iterable[SkillLevel]) -> dict[str, SkillLevel]:
    """The latest statement per element (by date, then by the order they were recorded)."""
    latest: dict[str, SkillLevel] = {}
    for entry in sorted(history, key=lambda e: (e.on_date, e.id or 0)):
        latest[entry.element_id] = entry
    return latest


@dataclass(frozen=True)
class GapLine:
    element: Element
    importance: float
    target_level: float
    person_level: float | None  # None: the person has not rated it (counted as 0)
    evidence: Evidence | None = None

    @property
    def shortfall(self) -> float:
        return max(0.0, self.target_level - (self.person_level or 0.0))

    @property
    def weight(self) -> float:
        return importance_weight(self.importance)

    @property
    def priority(self) -> float:
        return self.weight * self.shortfall


@dataclass(frozen=True)
class Gap:
    lines: list[GapLine]  # every relevant element, highest priority first
    readiness: float  # 0-1
    unrated: int  # elements the person has not rated, counted as level 0

    @property
    def gaps(self) -> list[GapLine]:
        return [line for line in self.lines if line.shortfall > 0]


def gap(
    ratings: Mapping[str, Rating],
    elements: Mapping[str, Element],
    levels: Mapping[str, SkillLevel] | Mapping[str, float],
) -> Gap:
    """Compare the person's levels with an occupation's ratings (see the module's formulas)."""
    lines = []
    for element_id, rating in ratings.items():
        if rating.not_relevant or element_id not in elements:
            continue
        stated = levels.get(element_id)
        level = stated.level if isinstance(stated, SkillLevel) else stated
        evidence = stated.evidence if isinstance(stated, SkillLevel) else None
        lines.append(GapLine(elements[element_id], rating.importance, rating.level, level, evidence))
    lines.sort(key=lambda line: (-round(line.priority, 9), -line.importance, line.element.name))
    return Gap(lines, readiness(lines), sum(1 for line in lines if line.person_level is None))


def readiness(lines: Iterable[GapLine]) -> float:
    needed = reached = 0.0
    for line in lines:
        needed += line.weight * line.target_level
        reached += line.weight * min(line.person_level or 0.0, line.target_level)
    return 1.0 if needed == 0 else reached / needed


@dataclass(frozen=True)
class Transfer:
    transferability: float  # 0-1: B's readiness at A's typical levels
    gap_size: float  # importance-weighted mean shortfall, level points


def transfer(source: Mapping[str, Rating], target: Mapping[str, Rating]) -> Transfer | None:
    """How far A's typical levels carry into B; None when either has no ratings."""
    if not source or not target:
        return None
    needed = reached = short = weights = 0.0
    for element_id, rating in target.items():
        if rating.not_relevant:
            continue
        w = importance_weight(rating.importance)
        have = source[element_id].level if element_id in source else 0.0
        needed += w * rating.level
        reached += w * min(have, rating.level)
        short += w * max(0.0, rating.level - have)
        weights += w
    return Transfer(1.0 if needed == 0 else reached / needed, 0.0 if weights == 0 else short / weights)
