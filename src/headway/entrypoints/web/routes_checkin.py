"""The check-in, step by step: one goal at a time, the review questions when a review is due, then the four
ratings and a note. Every step is a plain form that posts and redirects; each post keeps the step's fields in
the person's draft (services/checkin_drafts.py), so GET /checkin resumes where they left off, with what they
typed. With script, a change to any field is kept at once as well (htmx), so even a closed tab loses nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from headway.adapters.db import SqlUnitOfWork
from headway.domain.errors import HeadwayError, NotFound
from headway.domain.goals import NumericMeasure
from headway.domain.records import RATING_LABELS, RATING_NAMES
from headway.domain.tasks import Task, TaskStatus
from headway.entrypoints.api.deps import MAX_ID, CurrentServer
from headway.entrypoints.web.auth import CurrentVisitor, Form, Visitor
from headway.entrypoints.web.render import page
from headway.entrypoints.web.routes_account import field_errors
from headway.services import checkin_drafts, record, tracking
from headway.services.checkin_drafts import CheckinDraft, Step

router = APIRouter()
StepNumber = Annotated[int, Path(ge=1, le=10_000)]
CheckinId = Annotated[int, Path(ge=1, le=MAX_ID)]
TASKS_OFFERED = 8  # open tasks offered to tick on a goal's step, soonest due first
CONFIDENCE = [("1", "1", "not at all"), ("2", "2", "doubtful"), ("3", "3", "unsure"), ("4", "4", "fairly sure"),
              ("5", "5", "very sure")]  # fmt: skip
RATING_OPTIONS = [(str(n), str(n), "") for n in range(1, 11)]
QUESTIONS = [
    ("still_right", "Still the right goal?"),
    ("still_aligned", "Still aligned with what matters to you?"),
    ("still_realistic", "Still realistic?"),
]


async def ticked_tasks(request: Request) -> list[int]:
    """The tasks ticked as done on a goal's step (a repeated field: the Form dependency keeps one value)."""
    form = await request.form()
    return [int(v) for v in form.getlist("done") if isinstance(v, str) and v.isdigit() and len(v) < 19]


Ticked = Annotated[list[int], Depends(ticked_tasks)]


@dataclass(frozen=True)
class Flow:
    """Where the visitor's check-in stands: their draft (None before the first step is sent) and its steps."""

    draft: CheckinDraft | None
    plan: list[Step]
    asked_review: bool  # ?review=1: the review questions asked for, not yet kept in a draft
    today: date

    def resumes_at(self) -> int:
        return min(self.draft.reached, len(self.plan)) if self.draft else 1

    @property
    def query(self) -> str:
        return "?review=1" if self.asked_review else ""


def _flow(visitor: Visitor, srv: Any, review: str) -> Flow:
    draft = checkin_drafts.load(visitor.uow)
    goals = record.goals_to_check_in_with_progress(visitor.uow)
    asked = review == "1" and not (draft is not None and draft.review)
    with_review = (
        asked or (draft is not None and draft.review) or tracking.cadence_state(visitor.uow, srv.today).review_due
    )
    return Flow(draft, checkin_drafts.steps(goals, review=with_review), asked, srv.today)


def _drafts_uow(visitor: Visitor) -> SqlUnitOfWork:
    """The visitor's data for keeping drafts: a draft changes nothing a status summary shows, so keeping one
    leaves the person's data stamp, and with it their kept dashboard, as it is."""
    return SqlUnitOfWork(visitor.uow.db, person_id=visitor.who.person_id, stamps=False)


def _step_url(number: int, query: str = "") -> str:
    return f"/checkin/step/{number}{query}"


@router.get("/checkin")
def start(visitor: CurrentVisitor, srv: CurrentServer, review: str = "") -> Response:
    """Start the check-in, or resume it at the furthest step reached."""
    flow = _flow(visitor, srv, review)
    return RedirectResponse(_step_url(flow.resumes_at(), flow.query), status_code=303)


@router.get("/checkin/step/{number}")
def step_page(
    request: Request, number: StepNumber, visitor: CurrentVisitor, srv: CurrentServer, review: str = ""
) -> Response:
    flow = _flow(visitor, srv, review)
    if number > flow.resumes_at():  # no skipping ahead of the steps answered
        return RedirectResponse(_step_url(flow.resumes_at(), flow.query), status_code=303)
    draft = flow.draft or checkin_drafts.new_draft(srv.today, review=flow.asked_review)
    return _render(request, visitor, flow, draft, flow.plan[number - 1])


@router.post("/checkin/step/{number}")
def send_step(
    request: Request,
    number: StepNumber,
    *,
    visitor: CurrentVisitor,
    srv: CurrentServer,
    form: Form,
    ticked: Ticked,
    review: str = "",
) -> Response:
    """Keep the step's fields; then back, on to the next step, or (the last step) record the check-in."""
    flow = _flow(visitor, srv, review)
    if number > flow.resumes_at():
        # A page from before (its check-in since recorded, or started over): on from where this check-in stands.
        return RedirectResponse(_step_url(flow.resumes_at(), flow.query), status_code=303)
    step = flow.plan[number - 1]
    draft = _with_fields(_draft_of(flow, srv), step, form, ticked, visitor)
    store = _drafts_uow(visitor)
    if form.get("go") == "back":
        checkin_drafts.save(store, draft, now=srv.now)
        return RedirectResponse(_step_url(max(number - 1, 1)), status_code=303)
    try:
        checkin_drafts.check_step(draft, step)
    except HeadwayError as error:
        checkin_drafts.save(store, draft, now=srv.now)
        return _render(request, visitor, flow, draft, step, errors=field_errors(error), status_code=422)
    if number < len(flow.plan):
        checkin_drafts.save(store, replace(draft, reached=max(draft.reached, number + 1)), now=srv.now)
        return RedirectResponse(_step_url(number + 1), status_code=303)
    return _finish(request, visitor, srv, flow, draft)


@router.post("/checkin/step/{number}/keep")
def keep_step(
    number: StepNumber, *, visitor: CurrentVisitor, srv: CurrentServer, form: Form, ticked: Ticked, review: str = ""
) -> Response:
    """htmx, on any change to a field: keep the step's fields as typed, without checking them."""
    flow = _flow(visitor, srv, review)
    if number > flow.resumes_at():
        return HTMLResponse("", status_code=204)
    step = flow.plan[number - 1]
    draft = _with_fields(_draft_of(flow, srv), step, form, ticked, visitor)
    # Only the first keystroke of a check-in makes its draft: one that went meanwhile (recorded) stays gone.
    checkin_drafts.save(_drafts_uow(visitor), draft, now=srv.now, create=flow.draft is None)
    return HTMLResponse("Kept as you typed. You can close this page and come back to it.")


@router.post("/checkin/discard")
def discard(visitor: CurrentVisitor) -> Response:
    """Start over: what was typed so far goes; nothing recorded changes."""
    checkin_drafts.discard(_drafts_uow(visitor))
    return RedirectResponse("/checkin", status_code=303)


@router.get("/checkin/saved/{checkin_id}")
def saved(request: Request, checkin_id: CheckinId, visitor: CurrentVisitor, srv: CurrentServer) -> Response:
    """The confirmation of a check-in just recorded (one of the latest few): each goal with its verdict now."""
    from headway.entrypoints.api.routes_status import render
    from headway.services.status import kept_status

    found = next((c for c in record.recent_checkins(visitor.uow, 10) if c.id == checkin_id), None)
    if found is None:
        raise NotFound(f"There is no check-in #{checkin_id} among your latest.")
    status = json.loads(kept_status(visitor.uow, srv.today, render))
    ratings = [(RATING_LABELS[name], value) for name, value in found.ratings.as_dict().items() if value is not None]
    return page(
        request,
        "checkin_saved.html",
        who=visitor.who,
        csrf=visitor.csrf,
        title="Check-in saved",
        checkin=found,
        goals={g["id"]: g for g in status["goals"]},
        forecasts={f["goal_id"]: f for f in status["forecasts"]},
        cadence=status["cadence"],
        ratings=ratings,
    )


def _draft_of(flow: Flow, srv: Any) -> CheckinDraft:
    draft = flow.draft or checkin_drafts.new_draft(srv.today)
    return replace(draft, review=True) if flow.asked_review else draft


def _with_fields(
    draft: CheckinDraft, step: Step, form: dict[str, str], ticked: list[int], visitor: Visitor
) -> CheckinDraft:
    if step.kind == "goal":
        goal_id = step.view.goal.id
        assert goal_id is not None
        offered = [t.id for t in _open_tasks(visitor, goal_id) if t.id is not None]
        return checkin_drafts.with_goal(draft, goal_id, form, ticked=ticked, offered=offered)
    if step.kind == "review":
        return checkin_drafts.with_review(draft, [v.goal.id for v in step.views if v.goal.id is not None], form)
    return checkin_drafts.with_ratings(draft, form)


def _open_tasks(visitor: Visitor, goal_id: int) -> list[Task]:
    from headway.services.goals import show_goal

    tasks = [t for t in show_goal(visitor.uow, str(goal_id)).tasks if t.status == TaskStatus.OPEN]
    return tasks[:TASKS_OFFERED]  # the goal's tasks come in due order, undated last


def _finish(request: Request, visitor: Visitor, srv: Any, flow: Flow, draft: CheckinDraft) -> Response:
    """The last step sent: every step checked again (a step left by Back may hold what does not parse), then
    the check-in recorded and the draft gone with it."""
    store = _drafts_uow(visitor)
    for step in flow.plan:
        try:
            checkin_drafts.check_step(draft, step)
        except HeadwayError as error:
            checkin_drafts.save(store, draft, now=srv.now)
            return _render(request, visitor, flow, draft, step, errors=field_errors(error), status_code=422)
    try:
        checkin = checkin_drafts.finish(visitor.uow, draft, flow.plan, today=srv.today, now=srv.now)
    except HeadwayError as error:  # a goal or task deleted meanwhile, say: said at the top of the last step
        checkin_drafts.save(store, draft, now=srv.now)
        errors = {"": error.message}  # the message alone: a hint may name a CLI command
        return _render(request, visitor, flow, draft, flow.plan[-1], errors=errors, status_code=422)
    return RedirectResponse(f"/checkin/saved/{checkin.id}", status_code=303)


def _render(
    request: Request,
    visitor: Visitor,
    flow: Flow,
    draft: CheckinDraft,
    step: Step,
    *,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    context: dict[str, Any] = {"tasks": [], "typed": {}, "profile_values": (), "numeric": False}
    if step.kind == "goal":
        goal_id = step.view.goal.id
        assert goal_id is not None
        context["numeric"] = isinstance(step.view.goal.measure, NumericMeasure)
        context["tasks"] = _open_tasks(visitor, goal_id)
        context["typed"] = draft.goals.get(goal_id, {})
        title = f"Check-in: {step.view.goal.title}"
    elif step.kind == "review":
        context["profile_values"] = record.get_profile(visitor.uow).values
        title = "Check-in: the review"
    else:
        context["typed"] = {**draft.ratings, "note": draft.note}
        title = "Check-in: how you stand"
    return page(
        request,
        "checkin.html",
        who=visitor.who,
        csrf=visitor.csrf,
        title=title,
        status_code=status_code,
        step=step,
        plan=flow.plan,
        draft=draft,
        resumed=flow.draft is not None,
        query=flow.query,
        errors=errors or {},
        confidence=CONFIDENCE,
        questions=QUESTIONS,
        rating_names=RATING_NAMES,
        rating_labels=RATING_LABELS,
        rating_options=RATING_OPTIONS,
        today=flow.today,
        **context,
    )
