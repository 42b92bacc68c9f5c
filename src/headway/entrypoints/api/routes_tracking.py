"""/api/v1 profile, check-ins, investments, reviews, cadence, ledger and balance: the CLI's `init`, `profile`,
`checkin`, `checkins`, `invest`, `investments`, `cadence`, `balance` and `review`, with the same documents."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from headway.domain.errors import ValidationError
from headway.domain.records import Profile
from headway.entrypoints.api.deps import MAX_ID, CurrentServer, PersonUoW
from headway.entrypoints.api.documents import document, responses
from headway.entrypoints.api.errors import error_responses
from headway.entrypoints.cli import jsonout
from headway.services import record, tracking

router = APIRouter(tags=["tracking"])
Name = Annotated[str, Field(min_length=1, max_length=200)]
Short = Annotated[str, Field(max_length=200)]
Value = Annotated[str, Field(max_length=100)]
Currency = Annotated[str, Field(pattern="^[A-Za-z]{3}$", description="a three-letter code such as USD or EUR")]
Text = Annotated[str, Field(max_length=2000)]
DateText = Annotated[
    str, Field(min_length=1, max_length=100, description="YYYY-MM-DD, or a phrase such as 'yesterday'; default today")
]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Limit = Annotated[int, Query(ge=1, le=200)]
MAX_HOURS = 24 * 31  # the domain's bound on one investment's hours, and on a month's target
MAX_AMOUNT = 1e12


class Input(BaseModel):
    """A request body: unknown fields are refused (a misspelt one would otherwise change nothing, silently), and
    values are taken as the JSON types the document gives, never converted (false is not 0, "5" is not 5)."""

    model_config = ConfigDict(extra="forbid", strict=True)


def _body(schema: dict[str, Any]) -> dict[str, Any]:
    """`openapi_extra` for a route that reads its JSON body itself: the body's schema in the OpenAPI document."""
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


def _page(offset: int, limit: int, fetched: int) -> dict[str, int | None]:
    """The "page" of a list fetched with limit + 1: one more than the page says that another follows."""
    return {"offset": offset, "limit": limit, "next_offset": offset + limit if fetched > limit else None}


# The profile: what `headway init` sets


class ProfileIn(Input):
    """The whole profile, as `headway init` sets it; the rhythms and targets are kept (see /cadence)."""

    name: Name
    current_role: Short = ""
    employer: Short = ""
    values: list[Value] = Field(default_factory=list, max_length=20, description="what matters most to you")
    currency: Currency = "USD"


class ProfileChange(Input):
    """The fields to change; those left out stay as they are."""

    name: Name | None = None
    current_role: Short | None = None
    employer: Short | None = None
    values: list[Value] | None = Field(default=None, max_length=20)
    currency: Currency | None = None


def profile_document(request: Request, profile: Profile) -> Any:
    """The `profile` document. Its "database" says where the data lives: from the API, the server's address
    (which database the server uses is the server's business, not its clients')."""
    where = str(request.base_url).rstrip("/") + "/api/v1"
    return document("profile", {"profile": jsonout.profile_json(profile), "database": where})


@router.get("/profile", responses=responses("profile"), summary="Your profile")
def get_profile(request: Request, uow: PersonUoW) -> Any:
    return profile_document(request, record.get_profile(uow))


@router.put("/profile", responses=responses("profile"), summary="Set your profile, as `headway init` does")
def put_profile(body: ProfileIn, request: Request, srv: CurrentServer, uow: PersonUoW) -> Any:
    profile = Profile(
        name=body.name,
        current_role=body.current_role,
        employer=body.employer,
        values=tuple(body.values),
        currency=body.currency,
    )
    return profile_document(request, record.init_profile(uow, profile, now=srv.now, keep_rhythms=True))


@router.patch("/profile", responses=responses("profile"), summary="Change some of your profile's fields")
def patch_profile(body: ProfileChange, request: Request, uow: PersonUoW) -> Any:
    return profile_document(request, record.edit_profile(uow, **body.model_dump(exclude_none=True)))


# Rhythms and targets


class CadenceIn(Input):
    """The rhythms to change (as `headway cadence`); those left out stay as they are."""

    checkin: Literal["weekly", "fortnightly", "monthly"] | None = Field(default=None, description="how often")
    review: Literal["monthly", "quarterly", "yearly"] | None = None
    weekly_capacity_hours: float | None = Field(default=None, gt=0, le=24 * 7, allow_inf_nan=False)


class TargetIn(Input):
    """The monthly investment target (as `headway invest target`); 0 removes one, left out keeps it."""

    hours: float | None = Field(default=None, ge=0, le=MAX_HOURS, allow_inf_nan=False)
    amount: float | None = Field(default=None, ge=0, le=MAX_AMOUNT, allow_inf_nan=False, description="in your currency")


@router.get("/cadence", responses=responses("cadence"), summary="Your check-in and review rhythm today")
def get_cadence(srv: CurrentServer, uow: PersonUoW) -> Any:
    from headway.entrypoints.cli.tracking_view import cadence_payload

    return document("cadence", cadence_payload(tracking.cadence_state(uow, srv.today)))


@router.put("/cadence", responses=responses("cadence"), summary="Change your rhythms or weekly capacity")
def put_cadence(body: CadenceIn, srv: CurrentServer, uow: PersonUoW) -> Any:
    from headway.entrypoints.cli.tracking_view import cadence_payload

    if body.checkin is None and body.review is None and body.weekly_capacity_hours is None:
        raise ValidationError("Say what to change: checkin, review or weekly_capacity_hours.", field="checkin")
    tracking.set_cadence(
        uow, checkin=body.checkin, review=body.review, capacity=body.weekly_capacity_hours, now=srv.now
    )
    return document("cadence", cadence_payload(tracking.cadence_state(uow, srv.today)))


@router.put(
    "/investments/target", responses=responses("ledger"), summary="Set your monthly investment target (the ledger)"
)
def put_target(body: TargetIn, srv: CurrentServer, uow: PersonUoW) -> Any:
    from headway.entrypoints.cli.tracking_view import ledger_payload

    if body.hours is None and body.amount is None:
        raise ValidationError("The target needs hours, amount or both (0 removes one).", field="hours")
    tracking.set_cadence(uow, target_hours=body.hours, target_amount=body.amount, now=srv.now)
    return document("ledger", ledger_payload(tracking.ledger(uow, srv.today)))


# Check-ins


@router.post(
    "/checkins",
    status_code=201,
    responses=responses("checkin", status=201),
    openapi_extra=_body({"$ref": "#/components/schemas/CheckinInputDocument"}),
    summary="Record a check-in: the document `headway checkin --stdin` reads",
)
def add_checkin(body: Annotated[Any, Body()], srv: CurrentServer, uow: PersonUoW) -> Any:
    from headway.entrypoints.cli.commands_checkin import checkin_from_document

    ratings, note, entries, done, on, review = checkin_from_document(body, on=srv.today, today=srv.today)
    checkin = record.record_checkin(
        uow,
        on=on,
        ratings=ratings,
        note=note,
        entries=entries,
        completed=done,
        review=review,
        today=srv.today,
        now=srv.now,
    )
    return document("checkin", {"checkin": jsonout.checkin_json(checkin)}, status=201)


@router.get("/checkins", responses=responses("checkin_list"), summary="Your check-ins, newest first")
def list_checkins(uow: PersonUoW, offset: Offset = 0, limit: Limit = 50) -> Any:
    found = record.recent_checkins(uow, limit + 1, offset)
    return document(
        "checkin_list",
        {"checkins": [jsonout.checkin_json(c) for c in found[:limit]], "page": _page(offset, limit, len(found))},
    )


@router.get(
    "/checkins/due", responses=responses("goal_list"), summary="The goals a check-in asks about: the active ones"
)
def checkin_goals(srv: CurrentServer, uow: PersonUoW) -> Any:
    views = record.goals_to_check_in_with_progress(uow)
    return document("goal_list", {"goals": [jsonout.goal_json(v.goal, v.progress, srv.today) for v in views]})


# Investments


class InvestmentIn(Input):
    """Time and/or money put into your development, as `headway invest CATEGORY` logs it."""

    category: Literal["course", "reading", "mentoring", "networking", "practice", "credential"]
    hours: float = Field(default=0.0, ge=0, le=MAX_HOURS, allow_inf_nan=False)
    amount: float = Field(default=0.0, ge=0, le=MAX_AMOUNT, allow_inf_nan=False, description="money spent")
    currency: Currency | None = Field(default=None, description="default: your profile's currency")
    goal_id: int | None = Field(default=None, ge=1, le=MAX_ID, description="the goal it serves")
    date: DateText | None = None
    note: Text = ""


@router.post(
    "/investments",
    status_code=201,
    responses=responses("investment_list", status=201, description="the investment saved, as the list's one item"),
    summary="Log an investment of time and/or money",
)
def add_investment(body: InvestmentIn, srv: CurrentServer, uow: PersonUoW) -> Any:
    from headway.domain.records import InvestmentCategory
    from headway.entrypoints.cli.review_input import document_date

    saved = record.log_investment(
        uow,
        on=document_date(body.date, srv.today) if body.date is not None else srv.today,
        category=InvestmentCategory(body.category),
        hours=body.hours,
        amount=body.amount,
        currency=body.currency,
        goal=str(body.goal_id) if body.goal_id is not None else None,
        note=body.note,
        today=srv.today,
    )
    return document("investment_list", {"investments": [jsonout.investment_json(saved)]}, status=201)


@router.get("/investments", responses=responses("investment_list"), summary="Your investments, newest first")
def list_investments(uow: PersonUoW, offset: Offset = 0, limit: Limit = 50) -> Any:
    found = record.recent_investments(uow, limit + 1, offset)
    return document(
        "investment_list",
        {"investments": [jsonout.investment_json(i) for i in found[:limit]], "page": _page(offset, limit, len(found))},
    )


@router.delete(
    "/investments/{investment_id}",
    status_code=204,
    summary="Delete one investment you logged (a mistyped entry, say), for good",
    responses={
        204: {"description": "deleted: the ledger, pace and streaks no longer count it"},
        **error_responses(401, 403, 404, 422),
    },
)
def delete_investment(
    investment_id: Annotated[int, Path(ge=1, le=MAX_ID, description="the investment's number")], uow: PersonUoW
) -> Response:
    record.delete_investment(uow, investment_id)
    return Response(status_code=204)


@router.get("/ledger", responses=responses("ledger"), summary="The investment ledger (`headway invest report`)")
def get_ledger(srv: CurrentServer, uow: PersonUoW) -> Any:
    from headway.entrypoints.cli.tracking_view import ledger_payload

    return document("ledger", ledger_payload(tracking.ledger(uow, srv.today)))


@router.get("/balance", responses=responses("balance"), summary="The four outcome ratings over time")
def get_balance(srv: CurrentServer, uow: PersonUoW) -> Any:
    from headway.entrypoints.cli.tracking_view import balance_payload

    return document("balance", balance_payload(tracking.balance(uow, srv.today)))


# Reviews

Period = Annotated[Literal["month", "quarter", "year"], Query(description="how far back the review reaches")]
REVIEW_BODY = {
    "type": "object",
    "description": "The review questions answered, as in the check-in document's `review`, with its date.",
    "properties": {
        "date": {"description": "YYYY-MM-DD or a phrase such as 'yesterday'; default today", "type": "string"},
        "note": {"description": "About the review as a whole.", "type": "string"},
        "goals": {"$ref": "#/components/schemas/CheckinInputDocument/properties/review/properties/goals"},
    },
    "additionalProperties": False,
}


def _review_document(srv: CurrentServer, uow: PersonUoW, period: str, *, status: int = 200) -> Any:
    from headway.entrypoints.cli.review_json import review_payload
    from headway.services.review import review

    return document("review", review_payload(review(uow, period, srv.today)), status=status)


@router.get("/review", responses=responses("review"), summary="The review of the last month, quarter or year")
def get_review(srv: CurrentServer, uow: PersonUoW, period: Period = "quarter") -> Any:
    return _review_document(srv, uow, period)


@router.post(
    "/reviews",
    status_code=201,
    responses=responses("review", status=201, description="the review report, with the answers just recorded"),
    openapi_extra=_body(REVIEW_BODY),
    summary="Record your answers to the review questions",
)
def add_review(body: Annotated[Any, Body()], srv: CurrentServer, uow: PersonUoW, period: Period = "quarter") -> Any:
    from headway.entrypoints.cli.review_input import review_from_document

    on, draft = review_from_document(body, today=srv.today)
    tracking.record_review_answers(uow, on=on, answers=draft.answers, note=draft.note, today=srv.today, now=srv.now)
    return _review_document(srv, uow, period, status=201)
