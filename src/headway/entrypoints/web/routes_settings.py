"""Settings: the profile, the rhythms, the monthly investment target, the password, sessions, API tokens, the
export and deleting everything; and the About page with the data sources' attributions.

Each form posts to its own address and, on success, goes back to the settings page with a word that it was
saved; on an error the page is shown again with the error beside its field and what was typed kept. Field names
are unique across the page (the token's name is `token_name`), so one page holds every form's errors.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from headway.adapters.db import SqlUnitOfWork
from headway.adapters.db.connection import Database
from headway.domain.errors import HeadwayError, ValidationError
from headway.domain.records import CHECKIN_CADENCES, REVIEW_CADENCES
from headway.entrypoints.api.deps import (
    SESSION_COOKIE,
    CurrentServer,
    PlainUoW,
    Server,
    client_address,
    database,
)
from headway.entrypoints.web.auth import CurrentVisitor, Form, SignInNeeded, Visitor, visitor
from headway.entrypoints.web.fields import parse_number, plain_number
from headway.entrypoints.web.render import page
from headway.entrypoints.web.routes_account import field_errors
from headway.entrypoints.web.routes_occupations import record_id
from headway.services import accounts, record, tracking

router = APIRouter()

SAVED = {
    "profile": "Profile saved.",
    "cadence": "Rhythm saved.",
    "target": "Monthly target saved.",
    "password": "Password changed. Every other session has been signed out.",
    "revoked": "Token revoked: it no longer works.",
    "imported": "Imported: your whole record is here now.",
}
CONFIRM_WORD = "delete"
TOKEN_FIELDS = {"name": "token_name", "scope": "token_scope"}  # the service's field names, as this page names them
MAX_TARGET_HOURS = 24 * 31
SCOPES: dict[str, Literal["read", "write"]] = {"read": "read", "write": "write"}


@router.get("/settings")
def settings_page(
    request: Request, visitor: CurrentVisitor, srv: CurrentServer, plain: PlainUoW, saved: str = ""
) -> Response:
    return _settings(request, visitor, srv, plain, notice=SAVED.get(saved, ""))


def _settings(
    request: Request,
    visitor: Visitor,
    srv: Server,
    plain: SqlUnitOfWork,
    *,
    typed: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    notice: str = "",
    new_token: tuple[accounts.Token, str] | None = None,
    status_code: int = 200,
) -> Response:
    profile = record.get_profile(visitor.uow)
    current = {
        "name": profile.name,
        "current_role": profile.current_role,
        "employer": profile.employer,
        "values": ", ".join(profile.values),
        "currency": profile.currency,
        "checkin": profile.checkin_cadence,
        "review": profile.review_cadence,
        "capacity": plain_number(profile.weekly_capacity_hours),
        "target_hours": plain_number(profile.monthly_target_hours),
        "target_amount": plain_number(profile.monthly_target_amount),
        "token_name": "",
        "token_scope": "read",
        "confirm": "",
    }
    now = srv.now
    sessions = accounts.list_sessions(plain, visitor.who, now)
    return page(
        request, "settings.html", who=visitor.who, csrf=visitor.csrf, title="Settings", profile=profile,
        typed=current | (typed or {}), errors=errors or {}, notice=notice, new_token=new_token,
        sessions=sorted(sessions, key=lambda s: s.seen_at, reverse=True), browser_of=browser_of,
        current_session=visitor.who.session_hash, tokens=accounts.list_tokens(plain, visitor.who),
        checkins=[(c, c.capitalize()) for c in CHECKIN_CADENCES],
        reviews=[(r, r.capitalize()) for r in REVIEW_CADENCES], confirm_word=CONFIRM_WORD, status_code=status_code,
    )  # fmt: skip


BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
    ("curl/", "curl"),
    ("python", "a script"),
)
SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def browser_of(agent: str) -> str:
    """'Chrome on Linux' from a User-Agent header: enough to tell one's sessions apart, without the noise."""
    if not agent:
        return "Unknown browser"
    browser = next((name for mark, name in BROWSERS if mark.lower() in agent.lower()), "")
    system = next((name for mark, name in SYSTEMS if mark in agent), "")
    if "Headless" in agent:
        browser = f"headless {browser or 'browser'}"
    found = " on ".join(part for part in (browser, system) if part)
    return found or agent[:60]


def _number(text: str, field: str, label: str, *, blank: float | None = None) -> float | None:
    """A number typed in a field; blank gives `blank`."""
    return parse_number(text, field=field, label=label.lower(), blank=blank)


def _failed(
    request: Request, visitor: Visitor, srv: Server, plain: SqlUnitOfWork, *, typed: dict[str, str],
    error: HeadwayError, default: str,
) -> Response:  # fmt: skip
    """The settings page again after a refused form: the error beside its field, what was typed kept."""
    return _settings(request, visitor, srv, plain, typed=typed, errors=field_errors(error, default), status_code=422)


@router.post("/settings/profile")
def save_profile(
    request: Request, visitor: CurrentVisitor, srv: CurrentServer, plain: PlainUoW, form: Form
) -> Response:
    typed = {k: form.get(k, "") for k in ("name", "current_role", "employer", "values", "currency")}
    try:
        record.edit_profile(
            visitor.uow,
            name=typed["name"],
            current_role=typed["current_role"],
            employer=typed["employer"],
            values=[v for v in typed["values"].split(",") if v.strip()],
            currency=typed["currency"],
        )
    except HeadwayError as error:
        return _failed(request, visitor, srv, plain, typed=typed, error=error, default="name")
    return RedirectResponse("/settings?saved=profile#profile", status_code=303)


@router.post("/settings/cadence")
def save_cadence(
    request: Request, visitor: CurrentVisitor, srv: CurrentServer, plain: PlainUoW, form: Form
) -> Response:
    typed = {k: form.get(k, "") for k in ("checkin", "review", "capacity")}
    try:
        capacity = _number(typed["capacity"], "capacity", "Weekly capacity")
        if capacity is None:
            raise ValidationError("Give the hours a week you can give your plans, such as 6.", field="capacity")
        tracking.set_cadence(
            visitor.uow, checkin=typed["checkin"], review=typed["review"], capacity=capacity, now=srv.now
        )
    except HeadwayError as error:
        return _failed(request, visitor, srv, plain, typed=typed, error=error, default="checkin")
    return RedirectResponse("/settings?saved=cadence#cadence", status_code=303)


@router.post("/settings/target")
def save_target(request: Request, visitor: CurrentVisitor, srv: CurrentServer, plain: PlainUoW, form: Form) -> Response:
    """As `headway invest target --hours H --amount A`: an empty field (or 0) removes that target."""
    typed = {k: form.get(k, "") for k in ("target_hours", "target_amount")}
    try:
        hours = _number(typed["target_hours"], "target_hours", "Hours", blank=0)
        amount = _number(typed["target_amount"], "target_amount", "Amount", blank=0)
        if hours is not None and hours > MAX_TARGET_HOURS:
            raise ValidationError(f"A month holds at most {MAX_TARGET_HOURS} hours.", field="target_hours")
        tracking.set_cadence(visitor.uow, target_hours=hours, target_amount=amount, now=srv.now)
    except HeadwayError as error:
        return _failed(request, visitor, srv, plain, typed=typed, error=error, default="target_hours")
    return RedirectResponse("/settings?saved=target#target", status_code=303)


@router.post("/settings/password")
def change_password(
    request: Request, visitor: CurrentVisitor, srv: CurrentServer, plain: PlainUoW, form: Form
) -> Response:
    try:
        accounts.change_password(
            plain, srv.hasher, visitor.who, current=form.get("current_password", ""),
            new=form.get("new_password", ""), address=client_address(request), now=srv.now,
        )  # fmt: skip
    except HeadwayError as error:  # passwords are never sent back
        errors = {"new_password" if k in ("", "password") else k: v for k, v in field_errors(error).items()}
        return _settings(request, visitor, srv, plain, errors=errors, status_code=422)
    return RedirectResponse("/settings?saved=password#password", status_code=303)


@router.post("/settings/sign-out-everywhere")
def sign_out_everywhere(request: Request, visitor: CurrentVisitor, srv: CurrentServer, plain: PlainUoW) -> Response:
    accounts.sign_out_everywhere(plain, visitor.who, address=client_address(request), now=srv.now)
    answer = RedirectResponse("/sign-in", status_code=303)
    answer.delete_cookie(SESSION_COOKIE, path="/")
    return answer


@router.post("/settings/tokens")
def create_token(
    request: Request, visitor: CurrentVisitor, srv: CurrentServer, plain: PlainUoW, form: Form
) -> Response:
    """The new token's secret is on this answer and nowhere else: Headway keeps only its hash, so this page is
    shown in answer to the form (not after a redirect) and the secret is never stored to show again."""
    typed = {"token_name": form.get("token_name", ""), "token_scope": form.get("token_scope", "read")}
    try:
        scope = SCOPES.get(typed["token_scope"])
        if scope is None:
            raise ValidationError("A token's scope is read or write.", field="token_scope")
        made = accounts.create_token(
            plain, visitor.who, name=typed["token_name"], scope=scope, address=client_address(request), now=srv.now
        )
    except HeadwayError as error:
        errors = {TOKEN_FIELDS.get(k, k): v for k, v in field_errors(error, "token_name").items()}
        return _settings(request, visitor, srv, plain, typed=typed, errors=errors, status_code=422)
    return _settings(request, visitor, srv, plain, new_token=made, status_code=201)


@router.post("/settings/tokens/{token_id}/revoke")
def revoke_token(
    request: Request,
    token_id: str,
    visitor: CurrentVisitor,
    srv: CurrentServer,
    plain: PlainUoW,
) -> Response:
    accounts.revoke_token(plain, visitor.who, record_id(token_id), address=client_address(request), now=srv.now)
    return RedirectResponse("/settings?saved=revoked#tokens", status_code=303)


@router.get("/settings/export")
def export(visitor: CurrentVisitor, srv: CurrentServer) -> Response:
    """The whole record as `headway export` writes it (the same document as GET /api/v1/export), to keep."""
    from headway.services.data import export_record

    exported = export_record(visitor.uow, now=srv.now)
    name = f"headway-export-{srv.today.isoformat()}.json"
    return JSONResponse(exported, headers={"Content-Disposition": f'attachment; filename="{name}"'})


async def uploaded(request: Request) -> tuple[str, bytes] | None:
    """The export file a form sent (its name and bytes), or None when no file was chosen. The body's size is
    already capped by the server (MAX_BODY), so reading it whole is safe."""
    form = await request.form()
    sent = form.get("export")
    if sent is None or isinstance(sent, str) or not sent.filename:
        return None
    return sent.filename, await sent.read()


@router.post("/settings/import")
def import_export(
    request: Request,
    *,
    visitor: CurrentVisitor,
    srv: CurrentServer,
    plain: PlainUoW,
    sent: Annotated[tuple[str, bytes] | None, Depends(uploaded)],
) -> Response:
    """Load a file `headway export` (or the export button) wrote into this record, which must be empty: all of
    it, or nothing."""
    import json

    from headway.services.data import import_into_person

    try:
        if sent is None:
            raise ValidationError("Choose the export file to import.", field="export")
        name, content = sent
        try:
            document = json.loads(content.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as error:  # RecursionError: nested too deep
            raise ValidationError(
                f"'{name}' is not a Headway export: it is not JSON text ({error}).", field="export"
            ) from None
        import_into_person(visitor.uow, document)
    except HeadwayError as error:
        # Whatever part of the file was refused (profile.currency, goals[3].title, ...), the form has one field.
        said = field_errors(error, "export").popitem()[1]
        return _settings(request, visitor, srv, plain, errors={"export": said}, status_code=422)
    return RedirectResponse("/settings?saved=imported#data", status_code=303)


@router.post("/settings/delete")
def delete_everything(
    request: Request, visitor: CurrentVisitor, srv: CurrentServer, plain: PlainUoW, form: Form
) -> Response:
    """Delete the whole record and the account with it; the typed word guards against a slip of the hand."""
    from headway.services.data import delete_everything

    typed = {"confirm": form.get("confirm", "")}
    if typed["confirm"].strip().lower() != CONFIRM_WORD:
        error = ValidationError(f"Type {CONFIRM_WORD} to confirm: nothing was deleted.", field="confirm")
        return _failed(request, visitor, srv, plain, typed=typed, error=error, default="confirm")
    delete_everything(visitor.uow)  # the account, its sessions and tokens go with the person (ON DELETE CASCADE)
    answer = RedirectResponse("/sign-up", status_code=303)
    answer.delete_cookie(SESSION_COOKIE, path="/")
    return answer


# -- about -----------------------------------------------------------------------------------------------------


@router.get("/about")
def about(request: Request, srv: CurrentServer, db: Annotated[Database, Depends(database)]) -> Response:
    """Public, like the API's /api/v1/about: the attributions are owed wherever the data is shown."""
    from headway.entrypoints.cli.occupation_view import about_json

    who = csrf = None
    if request.cookies.get(SESSION_COOKIE):
        try:
            found = visitor(request, db, "")
            who, csrf = found.who, found.csrf
        except SignInNeeded:  # an expired session: the page is public all the same
            pass
    facts: dict[str, Any] = about_json(srv.catalog)
    return page(request, "about.html", who=who, csrf=csrf, title="About Headway and its data", about=facts)
