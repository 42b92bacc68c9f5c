"""The person's skills: each element's current level with its evidence, setting a level, starting from an
occupation's typical levels, and one element's history (as `headway skills list|set|from-occupation|history`)."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from headway.domain.errors import HeadwayError, NotFound, ValidationError
from headway.domain.skills import Evidence
from headway.entrypoints.api.deps import CurrentServer, Server
from headway.entrypoints.web import charts
from headway.entrypoints.web.auth import CurrentVisitor, Form, Visitor
from headway.entrypoints.web.render import page
from headway.entrypoints.web.routes_account import field_errors
from headway.services import skills

router = APIRouter()

EVIDENCE = {
    "self": "Self-rated",
    "credential": "Credential",
    "occupation": "Typical of an occupation",
    "milestone": "Earned by a milestone",
}
SAVED = {
    "level": "Level saved.",
    "from": "Levels added from the occupation's typical ones.",
    "none": "You already hold every level that occupation's typical ones would give: nothing was added.",
}
EMPTY_SET = {"element": "", "level": "", "evidence": "self", "source": "", "note": "", "on": ""}


@router.get("/skills")
def skills_page(
    request: Request, visitor: CurrentVisitor, srv: CurrentServer, element: str = "", saved: str = ""
) -> Response:
    typed = EMPTY_SET | {"element": element if element in srv.catalog.elements else ""}
    return _skills_page(request, visitor, srv, typed=typed, notice=SAVED.get(saved, ""))


def _skills_page(
    request: Request,
    visitor: Visitor,
    srv: Server,
    *,
    typed: dict[str, str],
    code: str = "",
    errors: dict[str, str] | None = None,
    notice: str = "",
    status_code: int = 200,
) -> Response:
    profile = skills.skills_profile(visitor.uow, srv.catalog)
    domains = []
    for domain, label in (("skill", "Skills"), ("knowledge", "Knowledge")):
        elements = [e for e in profile.elements.values() if e.domain == domain]
        held = [(e, profile.current[e.id]) for e in elements if e.id in profile.current]
        domains.append({"label": label, "held": held, "unrated": [e for e in elements if e.id not in profile.current]})
    options = [("", "Choose an element")] + [
        (e.id, f"{e.name} ({'skill' if e.domain == 'skill' else 'knowledge'})")
        for e in sorted(profile.elements.values(), key=lambda e: e.name)
    ]
    return page(
        request, "skills.html", who=visitor.who, csrf=visitor.csrf, title="Skills", domains=domains,
        rated=len(profile.current), evidence_names=EVIDENCE, options=options, typed=typed, code=code,
        errors=errors or {}, notice=notice, today=srv.today, status_code=status_code,
    )  # fmt: skip


@router.post("/skills")
def set_level(request: Request, visitor: CurrentVisitor, srv: CurrentServer, form: Form) -> Response:
    from headway.domain.dates import parse_iso_date

    typed = {key: form.get(key, "").strip() for key in EMPTY_SET}
    try:
        if not typed["element"]:
            raise ValidationError("Choose the skill or knowledge area.", field="element")
        level = _level(typed["level"])
        if typed["evidence"] not in ("self", "credential"):
            raise ValidationError("Evidence is self-rated or a credential.", field="evidence")
        on = parse_iso_date(typed["on"], field="on") if typed["on"] else srv.today
        skills.set_skill(
            visitor.uow, srv.catalog, typed["element"], level, evidence=Evidence(typed["evidence"]),
            source=typed["source"], note=typed["note"], on=on, now=srv.now, today=srv.today,
        )  # fmt: skip
    except HeadwayError as error:
        return _skills_page(request, visitor, srv, typed=typed, errors=field_errors(error), status_code=422)
    return RedirectResponse("/skills?saved=level", status_code=303)


def _level(text: str) -> float:
    try:
        level = float(text)
    except ValueError:
        raise ValidationError("Give a level from 0 to 7, such as 4 or 4.5.", field="level") from None
    if math.isnan(level):
        raise ValidationError("Give a level from 0 to 7, such as 4 or 4.5.", field="level")
    return level


@router.post("/skills/from-occupation")
def from_occupation(request: Request, visitor: CurrentVisitor, srv: CurrentServer, form: Form) -> Response:
    code = form.get("code", "").strip()
    try:
        if not code:
            raise ValidationError("Give your current occupation's code, such as 41-4012.00.", field="code")
        try:
            found = srv.catalog.occupation(code).code
        except HeadwayError as error:  # the field on this form is `code`, whatever the lookup calls it
            raise ValidationError(error.message, field="code") from None
        _, added = skills.skills_from_occupation(
            visitor.uow, srv.catalog, found, on=srv.today, now=srv.now, replace_higher=form.get("replace") == "yes"
        )
    except HeadwayError as error:
        return _skills_page(
            request, visitor, srv, typed=dict(EMPTY_SET), code=code, errors={"code": error.message}, status_code=422
        )
    return RedirectResponse(f"/skills?saved={'from' if added else 'none'}", status_code=303)


@router.get("/skills/history")
def history_page(request: Request, visitor: CurrentVisitor, srv: CurrentServer, element: str = "") -> Response:
    catalog = srv.catalog
    found = None
    if element:
        try:
            found = catalog.find_element(element)
        except (NotFound, ValidationError):
            raise NotFound(f"'{element}' is not an O*NET skill or knowledge element.") from None
    entries = skills.skill_history(visitor.uow, catalog, found.id if found else None)
    chart = _history_chart(found.name, entries, srv.today) if found is not None and entries else None
    names = {e.id: e.name for e in catalog.elements.values()}
    return page(
        request, "skills_history.html", who=visitor.who, csrf=visitor.csrf,
        title=f"{found.name}: your history" if found else "Your skills history", element=found,
        entries=list(reversed(entries)), names=names, evidence_names=EVIDENCE, chart=chart,
    )  # fmt: skip


def _history_chart(name: str, entries: list[Any], today: date) -> Any:
    points: list[tuple[date, float]] = []
    for entry in entries:  # a level holds until the next statement: steps, not slopes
        if points:
            points.append((entry.on_date, points[-1][1]))
        points.append((entry.on_date, entry.level))
    if points[-1][0] < today:
        points.append((today, points[-1][1]))
    return charts.line_chart(
        f"Your level on {name} over time",
        [charts.Series("your level", points)],
        x_label="date",
        y_label="level (0 to 7)",
        desc=f"Your level on {name} at each statement, from {entries[0].level:g} to {entries[-1].level:g}; "
        "O*NET's scale runs from 0 to 7 (about 2 basic, 4 proficient, 6 expert).",
        y_range=(0, 7),
        today=today,
    )
