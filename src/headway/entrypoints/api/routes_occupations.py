"""/api/v1 occupations, skills, gap, paths and about: the CLI's occupation map over HTTP.

The occupation data (O*NET, BLS) is read-only and shared: one catalog per worker (`srv.catalog`, built on first
use with its matcher), read by every request. Skills are the signed-in person's own (`PersonUoW`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from headway.domain.errors import HeadwayError, ValidationError
from headway.domain.skills import Evidence
from headway.entrypoints.api.deps import CurrentActor, CurrentServer, PersonUoW
from headway.entrypoints.api.documents import document, responses
from headway.entrypoints.cli import occupation_view as view
from headway.services import occupations, skills

router = APIRouter(tags=["occupations"])

FIND_OCCUPATION = "Find an occupation's code with GET /api/v1/occupations/match?q=your+job+title."
NO_RATINGS = (
    "Rate your skills yourself with POST /api/v1/skills, or start from a related occupation (GET /api/v1/paths)."
)
LIST_ELEMENTS = "GET /api/v1/skills?all=true lists the 35 skills and 33 knowledge areas with their ids."
Code = Annotated[str, Field(min_length=1, max_length=20, description="an O*NET-SOC code: 11-2022.00 or 11-2022")]
Element = Annotated[str, Field(min_length=1, max_length=100, description="a name or id, e.g. Negotiation or 2.B.1.d")]


@contextmanager
def _named(field: str, hint: str) -> Iterator[None]:
    """A lookup's error names the request's own field (`from`, `target`...) and says how to find a valid value."""
    try:
        yield
    except HeadwayError as error:
        raise type(error)(error.message, field=field, hint=hint) from None


class SkillIn(BaseModel):
    """One statement of your level, as `headway skills set`: kept in your history, the latest is current."""

    element: Element
    level: float = Field(ge=0, le=7, allow_inf_nan=False, description="O*NET's 0-7: ~2 basic, 4 proficient, 6 expert")
    evidence: Literal["self", "credential"] = Field(default="self", description="self-rated, or a credential")
    source: Annotated[str, Field(max_length=200, description="the credential's name, e.g. PMP certification")] = ""
    note: Annotated[str, Field(max_length=2000)] = ""
    on: date | None = Field(default=None, description="when (default today; never in the future)")


class FromOccupation(BaseModel):
    code: Code
    replace: bool = Field(default=False, description="also lower the levels you stated higher than typical")


# -- the occupation data: the same for everyone --------------------------------------------------------------------


@router.get(
    "/about",
    tags=["server"],
    responses={200: responses("about")[200]},
    openapi_extra={"security": []},
    summary="Headway's version, the occupation data's releases and their attributions (no sign-in)",
)
def about(srv: CurrentServer) -> Any:
    # Public, like the licence text: attributions are owed wherever the data is shown, and the versions are
    # those of an open-source release and of public datasets (the OpenAPI document gives the version anyway).
    return document("about", view.about_json(srv.catalog))


@router.get(
    "/occupations/match",
    responses=responses("occupation_matches"),
    summary="Occupations for a job title or a goal in your own words, best first",
)
def match(
    _who: CurrentActor,
    srv: CurrentServer,
    q: Annotated[str, Query(min_length=1, max_length=500, description='e.g. "I want to become a sales manager"')],
    limit: Annotated[int, Query(ge=1, le=occupations.MAX_MATCHES)] = occupations.DEFAULT_MATCHES,
) -> Any:
    query = q.strip()
    if not query:
        raise ValidationError("q: give the words to match, e.g. a job title.", field="q")
    return document("occupation_matches", view.matches_json(query, occupations.match(srv.catalog, query, limit=limit)))


@router.get(
    "/occupations/{code}",
    responses=responses("occupation"),
    summary="An occupation's skills, education, tasks, technologies, wages and outlook",
)
def show(
    code: str,
    _who: CurrentActor,
    srv: CurrentServer,
    everything: Annotated[bool, Query(alias="all", description="every rated element, task and technology")] = False,
) -> Any:
    with _named("code", FIND_OCCUPATION):
        profile = occupations.show(srv.catalog, code)
    return document("occupation", view.profile_page_json(profile, srv.catalog, everything=everything))


@router.get(
    "/paths",
    responses=responses("paths"),
    summary="Career paths: related occupations, and with `to` stepping-stone routes towards it",
)
def paths(
    _who: CurrentActor,
    srv: CurrentServer,
    origin: Annotated[str, Query(alias="from", min_length=1, max_length=20, description="an O*NET-SOC code")],
    to: Annotated[str | None, Query(min_length=1, max_length=20, description="find routes towards this one")] = None,
    sort: Annotated[occupations.PathSort, Query(description="the order of the related occupations")] = (
        occupations.PathSort.RELATEDNESS
    ),
) -> Any:
    catalog = srv.catalog
    with _named("from", FIND_OCCUPATION):
        start = catalog.occupation(origin).code
    with _named("to", FIND_OCCUPATION):
        target = None if to is None else catalog.occupation(to).code
    found = occupations.paths(catalog, start, to=target, sort=sort)
    return document("paths", view.paths_json(found))


# -- your skills -----------------------------------------------------------------------------------------------


@router.get("/skills", responses=responses("skills"), summary="Your current level on each skill and knowledge area")
def list_skills(
    srv: CurrentServer,
    uow: PersonUoW,
    everything: Annotated[bool, Query(alias="all", description="also the elements you have not rated")] = False,
) -> Any:
    profile = skills.skills_profile(uow, srv.catalog)
    return document("skills", view.skills_json(profile, srv.catalog, everything=everything))


@router.post(
    "/skills",
    status_code=201,
    responses=responses("skill", status=201),
    summary="State your level on a skill or knowledge area (kept in your history)",
)
def set_skill(body: SkillIn, srv: CurrentServer, uow: PersonUoW) -> Any:
    catalog = srv.catalog
    with _named("element", LIST_ELEMENTS):
        element = catalog.find_element(body.element)
    _, entry = skills.set_skill(
        uow,
        catalog,
        element.id,
        body.level,
        evidence=Evidence(body.evidence),
        source=body.source,
        note=body.note,
        on=body.on or srv.today,
        now=srv.now,
        today=srv.today,
    )
    return document("skill", {"skill": view.skill_json(entry, catalog)}, status=201)


@router.get(
    "/skills/history",
    responses=responses("skill_history"),
    summary="Every level you stated or earned, oldest first",
)
def skill_history(
    srv: CurrentServer,
    uow: PersonUoW,
    element: Annotated[str | None, Query(min_length=1, max_length=100, description="one element only")] = None,
) -> Any:
    catalog = srv.catalog
    element_id = None
    if element is not None:
        with _named("element", LIST_ELEMENTS):
            element_id = catalog.find_element(element).id
    return document("skill_history", view.entries_json(skills.skill_history(uow, catalog, element_id), catalog))


@router.post(
    "/skills/from-occupation",
    responses=responses("skill_history"),
    summary="Start your profile from an occupation's typical levels; answers the levels added",
)
def skills_from_occupation(body: FromOccupation, srv: CurrentServer, uow: PersonUoW) -> Any:
    catalog = srv.catalog
    with _named("code", FIND_OCCUPATION):
        code = catalog.occupation(body.code).code
    try:
        _, added = skills.skills_from_occupation(
            uow, catalog, code, on=srv.today, now=srv.now, replace_higher=body.replace
        )
    except ValidationError as error:  # O*NET rates nothing for the occupation: there are no levels to start from
        if error.field is not None:
            raise
        raise ValidationError(error.message, field="code", hint=NO_RATINGS) from None
    return document("skill_history", view.entries_json(added, catalog))


@router.get(
    "/gap",
    responses=responses("gap"),
    summary="Your skills against an occupation: each gap, readiness, and what to do about the top ones",
)
def gap(
    srv: CurrentServer,
    uow: PersonUoW,
    target: Annotated[str, Query(min_length=1, max_length=20, description="the occupation you aim for")],
    top: Annotated[int, Query(ge=1, le=skills.MAX_TOP, description="activities for this many gaps")] = (
        skills.DEFAULT_TOP
    ),
) -> Any:
    catalog = srv.catalog
    with _named("target", FIND_OCCUPATION):
        code = catalog.occupation(target).code
    return document("gap", view.gap_json(skills.skill_gap(uow, catalog, code, top=top)))
