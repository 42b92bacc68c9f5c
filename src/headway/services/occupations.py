"""Occupation use cases: find one from words, read its profile, and the career paths out of it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from headway.domain.errors import ValidationError
from headway.domain.occupations import Occupation, OccupationProfile, Outlook, Wages
from headway.domain.skills import Transfer, transfer
from headway.services.catalog import Match, OccupationCatalog

DEFAULT_MATCHES = 10
MAX_MATCHES = 50


def match(catalog: OccupationCatalog, text: str, *, limit: int = DEFAULT_MATCHES) -> Sequence[Match]:
    if not 1 <= limit <= MAX_MATCHES:
        raise ValidationError(f"--limit {limit}: choose between 1 and {MAX_MATCHES}.", field="limit")
    return catalog.matcher.match(text, limit=limit)


def show(catalog: OccupationCatalog, code: str) -> OccupationProfile:
    return catalog.profile(code)


class PathSort(StrEnum):
    TRANSFERABILITY = "transferability"
    GAP = "gap"
    ZONE = "zone"
    WAGE = "wage"
    GROWTH = "growth"
    RELATEDNESS = "relatedness"


@dataclass(frozen=True)
class Move:
    """One step from an occupation to a related one, with what it takes and what it pays."""

    occupation: Occupation
    tier: str  # O*NET's relatedness tier, '' for a step that is not one of O*NET's related occupations
    rank: int
    transfer: Transfer | None  # None when either occupation has no O*NET ratings
    zone_step: int | None  # target job zone minus source job zone
    wage_change: int | None  # difference of OEWS annual medians, US dollars
    wage_change_percent: float | None
    wages: Wages | None
    outlook: Outlook | None


@dataclass(frozen=True)
class Route:
    moves: list[Move]  # two or three moves, each from the previous occupation

    @property
    def largest_gap(self) -> float:
        return max(m.transfer.gap_size for m in self.moves if m.transfer is not None)


@dataclass(frozen=True)
class Paths:
    origin: Occupation
    moves: list[Move]
    target: Occupation | None = None
    direct: Move | None = None
    routes: tuple[Route, ...] = ()


def paths(
    catalog: OccupationCatalog,
    origin_code: str,
    *,
    to: str | None = None,
    sort: PathSort = PathSort.RELATEDNESS,
    routes: int = 5,
) -> Paths:
    """O*NET's related occupations for one occupation, and with `to`, stepping-stone routes towards another.

    A route's stops are O*NET related occupations (of the origin, then of the first stop); its last move goes
    to the target. It is kept only when its largest single gap is smaller than the direct move's gap, and
    routes are ranked by that largest gap, then by the total.
    """
    origin = catalog.occupation(origin_code)
    moves = [
        _move(catalog, origin, catalog.occupation(r.code), tier=r.tier, rank=r.rank)
        for r in catalog.related(origin.code)
    ]
    moves.sort(key=_sort_key(sort))
    if to is None:
        return Paths(origin, moves)
    target = catalog.occupation(to)
    if target.code == origin.code:
        raise ValidationError("--from and --to name the same occupation.", field="to")
    direct = _move(catalog, origin, target)
    return Paths(origin, moves, target, direct, tuple(_routes(catalog, origin, target, direct, routes)))


def _move(catalog: OccupationCatalog, source: Occupation, target: Occupation, *, tier: str = "", rank: int = 0) -> Move:
    ratings = catalog.all_ratings
    wages, before = catalog.wages(target.soc), catalog.wages(source.soc)
    change = change_percent = None
    same_figures = wages is not None and before is not None and wages.soc == before.soc  # one BLS group for both
    if wages and before and wages.median is not None and before.median is not None and not same_figures:
        change = wages.median - before.median
        change_percent = round(100 * change / before.median, 1)
    step = None if source.job_zone is None or target.job_zone is None else target.job_zone - source.job_zone
    return Move(
        occupation=target,
        tier=tier,
        rank=rank,
        transfer=transfer(ratings.get(source.code, {}), ratings.get(target.code, {})),
        zone_step=step,
        wage_change=change,
        wage_change_percent=change_percent,
        wages=wages,
        outlook=catalog.outlook(target.soc),
    )


def _sort_key(sort: PathSort) -> Callable[[Move], tuple[bool, float]]:
    def key(move: Move) -> tuple[bool, float]:
        t, o = move.transfer, move.outlook
        value: float | None = {
            PathSort.RELATEDNESS: float(move.rank),
            PathSort.TRANSFERABILITY: None if t is None else -t.transferability,
            PathSort.GAP: None if t is None else t.gap_size,
            PathSort.ZONE: None if move.zone_step is None else float(move.zone_step),
            PathSort.WAGE: None if move.wage_change is None else -float(move.wage_change),
            PathSort.GROWTH: None if o is None or o.change_percent is None else -o.change_percent,
        }[sort]
        return (value is None, 0.0 if value is None else value)  # unknown values last

    return key


def _routes(
    catalog: OccupationCatalog, origin: Occupation, target: Occupation, direct: Move, limit: int
) -> list[Route]:
    if direct.transfer is None:
        return []
    graph, ratings = catalog.related_graph, catalog.all_ratings
    gap_cache: dict[tuple[str, str], float | None] = {}

    def gap(a: str, b: str) -> float | None:
        if (a, b) not in gap_cache:
            t = transfer(ratings.get(a, {}), ratings.get(b, {}))
            gap_cache[a, b] = None if t is None else t.gap_size
        return gap_cache[a, b]

    ceiling = direct.transfer.gap_size
    found: list[tuple[float, float, list[str]]] = []
    for first in graph.get(origin.code, []):
        g1 = gap(origin.code, first)
        if first == target.code or g1 is None or g1 >= ceiling:
            continue
        g2 = gap(first, target.code)
        if g2 is not None and g2 < ceiling:
            found.append((max(g1, g2), g1 + g2, [first]))
        for second in graph.get(first, []):
            if second in (origin.code, target.code):
                continue
            g2, g3 = gap(first, second), gap(second, target.code)
            if g2 is None or g3 is None or max(g2, g3) >= ceiling:
                continue
            found.append((max(g1, g2, g3), g1 + g2 + g3, [first, second]))
    found.sort(key=lambda f: (f[0], f[1], len(f[2])))
    result = []
    for _, _, stops in found[:limit]:
        chain = [origin, *(catalog.occupation(c) for c in stops), target]
        result.append(Route([_move(catalog, a, b) for a, b in pairwise(chain)]))
    return result
