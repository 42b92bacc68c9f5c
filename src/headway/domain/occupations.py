"""Occupations as O*NET and BLS describe them: ratings on skill and knowledge elements, job zones, wages, outlook.

Numbers are the sources' own. O*NET rates each element on two scales: importance (IM, 1 to 5) and level
(LV, 0 to 7). BLS wages are annual US dollars (OEWS May 2025); projections count jobs in thousands (2024-34).
Anything a source does not publish is None, and is shown as "not published", never as a number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise

LEVEL_MAX = 7.0  # O*NET's level scale runs 0-7
IMPORTANCE_MIN, IMPORTANCE_MAX = 1.0, 5.0


class Domain(StrEnum):
    SKILL = "skill"
    KNOWLEDGE = "knowledge"


@dataclass(frozen=True)
class Element:
    """An O*NET skill or knowledge element, e.g. 2.B.1.c Persuasion."""

    id: str
    name: str
    domain: Domain
    description: str = ""


@dataclass(frozen=True)
class Rating:
    element_id: str
    importance: float  # 1-5
    level: float  # 0-7
    not_relevant: bool = False  # O*NET's analysts marked the element not relevant to the occupation
    suppress: bool = False  # O*NET recommends suppressing the estimate (too few responses)


@dataclass(frozen=True)
class JobZone:
    zone: int
    name: str
    experience: str
    education: str
    training: str
    examples: str
    svp_range: str


@dataclass(frozen=True)
class Wages:
    """OEWS national wages for one SOC code, annual US dollars; `top_coded` names percentiles BLS only bounds."""

    soc: str
    title: str
    employment: int | None
    mean: int | None
    p10: int | None
    p25: int | None
    median: int | None
    p75: int | None
    p90: int | None
    hourly_median: float | None = None
    top_coded: frozenset[int] = frozenset()  # percentiles BLS gives only as a lower bound
    broader: bool = False  # the figures are for the broader SOC group that contains the occupation

    def percentiles(self) -> list[tuple[int, int | None]]:
        return [(10, self.p10), (25, self.p25), (50, self.median), (75, self.p75), (90, self.p90)]


@dataclass(frozen=True)
class Outlook:
    """BLS Employment Projections 2024-34 for one SOC code; employment in thousands of jobs."""

    soc: str
    title: str
    employment_2024: float | None
    employment_2034: float | None
    change_number: float | None
    change_percent: float | None
    openings: float | None  # annual average openings, thousands
    median_wage_2024: int | None
    education: str | None
    experience: str | None
    training: str | None
    median_wage_top_coded: bool = False
    broader: bool = False  # the projection is for the broader SOC group that contains the occupation


@dataclass(frozen=True)
class EducationShare:
    """One category of an O*NET education/training/experience scale and the share of workers in it."""

    scale: str  # RL education, RW related work experience, PT on-site training, OJ on-the-job training
    category: int
    description: str
    percent: float


@dataclass(frozen=True)
class Task:
    task_id: int
    statement: str
    task_type: str  # Core, Supplemental, or '' where O*NET does not say


@dataclass(frozen=True)
class Technology:
    example: str
    commodity: str
    hot: bool
    in_demand: bool


@dataclass(frozen=True)
class Occupation:
    code: str  # O*NET-SOC, e.g. 11-2022.00
    title: str
    description: str = ""
    job_zone: int | None = None

    @property
    def soc(self) -> str:
        """The SOC 2018 code BLS uses: the first seven characters (11-2022)."""
        return self.code[:7]


@dataclass(frozen=True)
class Related:
    code: str
    title: str
    tier: str  # O*NET's relatedness tier: Primary-Short, Primary-Long, Supplemental
    rank: int


@dataclass(frozen=True)
class OccupationProfile:
    occupation: Occupation
    ratings: dict[str, Rating] = field(default_factory=dict)
    job_zone: JobZone | None = None
    tasks: list[Task] = field(default_factory=list)
    technologies: list[Technology] = field(default_factory=list)
    education: list[EducationShare] = field(default_factory=list)
    wages: Wages | None = None
    outlook: Outlook | None = None

    @property
    def rated(self) -> bool:
        return bool(self.ratings)


def importance_weight(importance: float) -> float:
    """Importance rescaled to 0-1: O*NET's 1 ("not important") weighs nothing, 5 ("extremely") weighs 1."""
    return max(0.0, min(1.0, (importance - IMPORTANCE_MIN) / (IMPORTANCE_MAX - IMPORTANCE_MIN)))


def wage_position(wages: Wages, amount: float) -> tuple[str, float | None]:
    """Where an annual amount falls in a wage distribution: a phrase and an interpolated percentile (None outside).

    Between two published percentiles the position is interpolated linearly, which is an approximation: BLS
    publishes five points of the distribution, not its shape. Below the 10th or above the 90th it says so
    rather than extrapolating.
    """
    points = [(p, v) for p, v in wages.percentiles() if v is not None and p not in wages.top_coded]
    if not points:
        return "BLS publishes no wage percentiles for this occupation", None
    low_p, low_v = points[0]
    if amount < low_v:
        return f"below the {_ordinal(low_p)} percentile ({low_v:,})", None
    for (p1, v1), (p2, v2) in pairwise(points):
        if v1 <= amount <= v2:
            share = 0.0 if v2 == v1 else (amount - v1) / (v2 - v1)
            percentile = p1 + share * (p2 - p1)
            return (
                f"between the {_ordinal(p1)} ({v1:,}) and {_ordinal(p2)} ({v2:,}) percentiles, "
                f"about the {_ordinal(round(percentile))}",
                round(percentile, 1),
            )
    high_p, high_v = points[-1]
    return f"above the {_ordinal(high_p)} percentile ({high_v:,})", None


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"
