"""The occupation explorer: search as you type (the CLI's matcher), an occupation's profile with its wages as a
distribution, "compare with me" (the skill gap), career paths, and "make this my goal" with a generated plan
that the person reviews before anything is added."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from headway.domain.errors import HeadwayError, NotFound, ValidationError
from headway.domain.occupations import Occupation, OccupationProfile
from headway.entrypoints.api.deps import MAX_ID, CurrentServer, Server
from headway.entrypoints.web import charts
from headway.entrypoints.web.auth import CurrentVisitor, Form, Visitor
from headway.entrypoints.web.render import page
from headway.entrypoints.web.routes_account import field_errors
from headway.services import occupations, skills
from headway.services.catalog import OccupationCatalog

router = APIRouter()

TOP = 10  # elements, tasks and technologies shown before "show all", as `occupations show` prints them
GAP_BARS = 15  # elements in the gap chart: the highest priorities (the table below it has every one)
MAX_QUERY = 500
SCALES = {"RL": "Education", "RW": "Related work experience", "PT": "On-site training", "OJ": "On-the-job training"}
SORTS = {
    occupations.PathSort.RELATEDNESS: "O*NET's order",
    occupations.PathSort.TRANSFERABILITY: "transferability",
    occupations.PathSort.GAP: "smallest gap",
    occupations.PathSort.ZONE: "job zone step",
    occupations.PathSort.WAGE: "wage change",
    occupations.PathSort.GROWTH: "growth",
}
TIERS = {"Primary-Short": "most related", "Primary-Long": "related", "Supplemental": "supplemental"}  # O*NET's tiers
PERCENTILES = {10: "10th percentile", 25: "25th percentile", 50: "Median", 75: "75th percentile", 90: "90th percentile"}


def occupation_of(catalog: OccupationCatalog, code: str) -> Occupation:
    """The occupation a page's address names; a code that is not one is a page that does not exist (404)."""
    try:
        return catalog.occupation(code)
    except ValidationError:
        raise NotFound(f"'{code}' is not an O*NET-SOC code.") from None


def record_id(text: str) -> int:
    """A record's number in a page's address; anything else names nothing (404, as an HTML page)."""
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_ID:
        raise NotFound(f"'{text}' is not a record's number.")
    return int(text)


# -- search ----------------------------------------------------------------------------------------------------


def _matches(catalog: OccupationCatalog, q: str) -> tuple[str, list[Any], str]:
    query = q.strip()
    if not query:
        return "", [], ""
    if len(query) > MAX_QUERY:
        return query, [], f"Keep the words under {MAX_QUERY} characters."
    return query, list(occupations.match(catalog, query)), ""


@router.get("/occupations")
def search_page(request: Request, visitor: CurrentVisitor, srv: CurrentServer, q: str = "") -> Response:
    query, found, error = _matches(srv.catalog, q)
    template = "_occ_results.html" if _fragment(request) else "occupations.html"
    return page(
        request, template, who=visitor.who, csrf=visitor.csrf, title="Occupations", q=query, matches=found, error=error
    )


@router.get("/occupations/search")
def search_results(request: Request, visitor: CurrentVisitor, srv: CurrentServer, q: str = "") -> Response:
    """Just the results list, for the search box as it is typed in; a browser without htmx gets the whole page."""
    if not _fragment(request):
        return RedirectResponse("/occupations" + _query(request), status_code=303)
    query, found, error = _matches(srv.catalog, q)
    return page(request, "_occ_results.html", who=visitor.who, csrf=visitor.csrf, q=query, matches=found, error=error)


def _fragment(request: Request) -> bool:
    return request.headers.get("hx-request") == "true" and request.headers.get("hx-boosted") != "true"


def _query(request: Request) -> str:
    return f"?{request.url.query}" if request.url.query else ""


# -- the occupation's page -------------------------------------------------------------------------------------


@router.get("/occupations/{code}")
def occupation_page(
    request: Request,
    code: str,
    *,
    visitor: CurrentVisitor,
    srv: CurrentServer,
    sort: str = "relatedness",
    everything: Annotated[bool, Query(alias="all")] = False,
    to: Annotated[str, Query(max_length=MAX_QUERY)] = "",
) -> Response:
    occupation = occupation_of(srv.catalog, code)
    context = profile_context(visitor, srv, occupation, sort=sort, everything=everything)
    context.update(routes_context(srv.catalog, occupation, to))
    form = {"title": become(occupation.title), "why": "", "target_date": ""}
    return page(
        request, "occupation.html", who=visitor.who, csrf=visitor.csrf, title=occupation.title, form=form, errors={},
        **context,
    )  # fmt: skip


def routes_context(catalog: OccupationCatalog, origin: Occupation, to: str) -> dict[str, Any]:
    """Stepping-stone routes from the occupation to the one `to` names (a code, or words the matcher reads, as
    the search does): the direct move, and routes of two or three moves whose largest gap is smaller."""
    to = to.strip()
    found: dict[str, Any] = {"to": to, "routes": None, "to_error": "", "to_read": ""}
    if not to:
        return found
    target = None
    try:
        target = catalog.occupation(to)
    except NotFound as error:  # a code's shape, but no such occupation
        found["to_error"] = f"{error.message} Try a job title, or another code."
        return found
    except ValidationError:  # not a code: words, read as the search reads them
        best = occupations.match(catalog, to, limit=1)
        if best:
            target = catalog.occupation(best[0].code)
            found["to_read"] = f"'{to}' read as {target.title} ({target.code})."
    if target is None:
        found["to_error"] = f"No occupation matches '{to}'. Try a job title, or an O*NET-SOC code such as 11-2022.00."
    elif target.code == origin.code:
        found["to_error"] = f"That is {origin.title} itself: name another occupation."
    else:
        found["routes"] = occupations.paths(catalog, origin.code, to=target.code)
    return found


def profile_context(
    visitor: Visitor, srv: Server, occupation: Occupation, *, sort: str = "relatedness", everything: bool = False
) -> dict[str, Any]:
    """Everything the occupation's page shows: the profile, the person's gap to it and the paths out of it."""
    catalog = srv.catalog
    profile = occupations.show(catalog, occupation.code)
    order = occupations.PathSort(sort) if sort in set(occupations.PathSort) else occupations.PathSort.RELATEDNESS
    report = skills.skill_gap(visitor.uow, catalog, occupation.code)
    return {
        "occ": profile.occupation,
        "profile": profile,
        "everything": everything,
        "top": TOP,
        "rated": _rated(profile, catalog, everything),
        "education": _education(profile),
        "hot": [t for t in profile.technologies if t.hot],
        "wage_chart": _wage_chart(profile),
        "wage_rows": _wage_rows(profile),
        "wage_bars": _wage_bars(profile),
        "report": report,
        "gap_chart": _gap_chart(report),
        "gap_bars": _gap_bars(report),
        "paths": occupations.paths(catalog, occupation.code, sort=order),
        "sort": order.value,
        "sorts": [(key.value, label) for key, label in SORTS.items()],
        "tiers": TIERS,
    }


def become(title: str) -> str:
    """'Sales Managers' -> 'Become a sales manager': O*NET titles are plural nouns in title case."""
    words = title.split(",", maxsplit=1)[0].strip()
    if words.endswith("ies"):
        words = words[:-3] + "y"
    elif words.endswith("s") and not words.endswith("ss"):
        words = words[:-1]
    words = " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words.split())
    return f"Become {'an' if words[:1] in 'aeiou' else 'a'} {words}"


def _rated(profile: OccupationProfile, catalog: OccupationCatalog, everything: bool) -> dict[str, Any]:
    """Skills and knowledge, most important first: the top ten of each, or all of them."""
    elements = catalog.elements
    found: dict[str, Any] = {}
    for domain in ("skill", "knowledge"):
        rows = [(elements[r.element_id], r) for r in profile.ratings.values() if r.element_id in elements]
        rows = [(e, r) for e, r in rows if e.domain == domain]
        rows.sort(key=lambda pair: (-pair[1].importance, -pair[1].level))
        found[domain] = {"rows": rows if everything else rows[:TOP], "total": len(rows)}
    return found


def _education(profile: OccupationProfile) -> list[tuple[str, str, float]]:
    """The most common category on each of O*NET's education and training scales."""
    found = []
    for scale, label in SCALES.items():
        shares = [e for e in profile.education if e.scale == scale]
        if shares:
            top = max(shares, key=lambda e: e.percent)
            found.append((label, top.description, top.percent))
    return found


def _wage_chart(profile: OccupationProfile) -> Any:
    wages = profile.wages
    if wages is None or all(v is None for _, v in wages.percentiles()):
        return None
    bars = [
        charts.Bar(PERCENTILES[p], float(v), note="or more" if p in wages.top_coded else "")
        for p, v in wages.percentiles()
        if v is not None
    ]
    median = f"{wages.median:,}" if wages.median is not None else "not published"
    return charts.bar_chart(
        f"Annual wages of {profile.occupation.title}, US dollars",
        bars,
        desc=f"Annual wages at five points of the distribution (BLS OEWS); the median is {median} US dollars. "
        "A tenth of workers earn less than the 10th percentile, a tenth more than the 90th.",
    )


def _wage_rows(profile: OccupationProfile) -> list[list[str]]:
    wages = profile.wages
    if wages is None:
        return []
    return [
        [PERCENTILES[p], "not published" if v is None else f"${v:,}" + (" or more" if p in wages.top_coded else "")]
        for p, v in wages.percentiles()
    ]


def _wage_bars(profile: OccupationProfile) -> list[tuple[str, float, str, None]]:
    """The wage chart's bars for a phone's width (templates/_macros.html bar_list)."""
    wages = profile.wages
    if wages is None:
        return []
    return [
        (PERCENTILES[p], float(v), f"${v:,}" + (" or more" if p in wages.top_coded else ""), None)
        for p, v in wages.percentiles()
        if v is not None
    ]


def _gap_bars(report: skills.GapReport) -> list[tuple[str, float, str, float]]:
    """The gap chart's bars for a phone's width: the level needed, and the person's as the tick."""
    if report.gap is None:
        return []
    return [
        (
            line.element.name,
            line.target_level,
            f"needs {_level(line.target_level)}, you "
            + ("not rated" if line.person_level is None else _level(line.person_level)),
            line.person_level or 0.0,
        )
        for line in report.gap.lines[:GAP_BARS]
    ]


def _gap_chart(report: skills.GapReport) -> Any:
    if report.gap is None or not report.gap.lines:
        return None
    lines = report.gap.lines[:GAP_BARS]
    bars = [
        charts.Bar(
            line.element.name,
            line.target_level,
            note="you: not rated" if line.person_level is None else f"you {_level(line.person_level)}",
            marker=line.person_level or 0.0,
        )
        for line in lines
    ]
    title = report.occupation.title
    return charts.bar_chart(
        f"Your levels against what {title} need",
        bars,
        desc=f"For the {len(lines)} elements with the highest priority: each bar is the level {title} need "
        "(O*NET, 0 to 7); the tick across it is your level (an element you have not rated counts as 0). "
        "Where the tick falls short of the bar's end, that is the gap.",
        maximum=7,
        marker_name="your level (the bar: the level needed)",
    )


def _level(value: float) -> str:
    """A level as the chart writes its bars' values: one decimal at most."""
    return f"{value:.1f}".removesuffix(".0")


# -- make this my goal -----------------------------------------------------------------------------------------


@router.get("/occupations/{code}/goal")
def goal_form(request: Request, code: str, visitor: CurrentVisitor, srv: CurrentServer) -> Response:
    occupation = occupation_of(srv.catalog, code)
    form = {"title": become(occupation.title), "why": "", "target_date": ""}
    return _goal_page(request, visitor, srv, occupation, form=form, errors={})


def _goal_page(
    request: Request,
    visitor: Visitor,
    srv: Server,
    occupation: Occupation,
    *,
    form: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    rated = bool(srv.catalog.ratings(occupation.code))
    return page(
        request, "occupation_goal.html", who=visitor.who, csrf=visitor.csrf, title=f"Make {occupation.title} my goal",
        occ=occupation, form=form, errors=errors, rated=rated, today=srv.today, status_code=status_code,
    )  # fmt: skip


@router.post("/occupations/{code}/goal")
def make_goal(request: Request, code: str, visitor: CurrentVisitor, srv: CurrentServer, form: Form) -> Response:
    """Create the goal with this target occupation, then show the generated plan to review (nothing added yet)."""
    from headway.domain.dates import parse_iso_date
    from headway.domain.goals import GoalKind, MilestoneMeasure
    from headway.services.goals import add_goal

    occupation = occupation_of(srv.catalog, code)
    typed = {key: form.get(key, "") for key in ("title", "why", "target_date")}
    try:
        if not typed["target_date"].strip():
            raise ValidationError("Choose the date you aim to get there by.", field="target_date")
        target = parse_iso_date(typed["target_date"].strip(), field="target_date")
        goal = add_goal(
            visitor.uow,
            title=typed["title"],
            why=typed["why"],
            kind=GoalKind.CAREER,
            measure=MilestoneMeasure(),
            start_date=srv.today,
            target_date=target,
            target_occupation=occupation.code,
            now=srv.now,
        )
    except HeadwayError as error:
        return _goal_page(request, visitor, srv, occupation, form=typed, errors=field_errors(error), status_code=422)
    if not srv.catalog.ratings(occupation.code):  # nothing to generate a plan from: the goal's own page
        return RedirectResponse(f"/goals/{goal.id}", status_code=303)
    return RedirectResponse(f"/occupations/{occupation.code}/plan/{goal.id}", status_code=303)


@router.get("/occupations/{code}/plan/{goal_id}")
def plan_review(request: Request, code: str, goal_id: str, visitor: CurrentVisitor, srv: CurrentServer) -> Response:
    """The milestones proposed for the goal's gaps, each with a checkbox (all ticked): the person decides."""
    return _plan_page(request, visitor, srv, code, record_id(goal_id), chosen=None, errors={})


def _plan_page(
    request: Request,
    visitor: Visitor,
    srv: Server,
    code: str,
    goal_id: int,
    *,
    chosen: set[int] | None,
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    occupation = occupation_of(srv.catalog, code)
    problem = None
    try:
        result = skills.generate_plan(visitor.uow, srv.catalog, str(goal_id), today=srv.today, now=srv.now)
    except ValidationError as error:  # no ratings, no gap, or no target occupation: said on the page
        result, problem = None, error.message
    if result is not None and result.report.occupation.code != occupation.code:
        raise NotFound(f"Goal {goal_id} aims at another occupation.")
    numbers = [m.number for m in result.proposal.milestones] if result else []
    return page(
        request, "occupation_plan.html", who=visitor.who, csrf=visitor.csrf, title="Review the generated plan",
        occ=occupation, goal_id=goal_id, result=result, problem=problem, errors=errors,
        chosen=set(numbers) - set(result.already) if chosen is None and result else (chosen or set()),
        status_code=status_code,
    )  # fmt: skip


async def ticked(request: Request) -> list[int]:
    """The numbers of the proposed milestones ticked on the form (a repeated field)."""
    posted = (await request.form()).getlist("milestone")
    return sorted({int(v) for v in posted if isinstance(v, str) and v.isdigit() and len(v) < 6})


@router.post("/occupations/{code}/plan/{goal_id}")
def accept_plan(
    request: Request,
    code: str,
    goal_id: str,
    *,
    visitor: CurrentVisitor,
    srv: CurrentServer,
    picked: Annotated[list[int], Depends(ticked)],
) -> Response:
    """Add the milestones ticked, with their dependencies, then show the goal with its new plan."""
    number = record_id(goal_id)
    aim = occupation_of(srv.catalog, code).code
    if skills.target_occupation_of(visitor.uow, number) != aim:  # the page reviewed was for another goal's aim
        raise NotFound(f"Goal {number} does not aim at {aim}.")
    try:
        if not picked:
            raise ValidationError("Tick at least one milestone, or skip the plan and add your own.", field="accept")
        skills.generate_plan(visitor.uow, srv.catalog, str(number), today=srv.today, now=srv.now, accept=picked)
    except ValidationError as error:
        return _plan_page(
            request, visitor, srv, code, number, chosen=set(picked), errors=field_errors(error, default="accept"),
            status_code=422,
        )  # fmt: skip
    return RedirectResponse(f"/goals/{number}", status_code=303)
