"""/api/v1 export, import and delete of the person's whole record: `headway export|import|delete --everything`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Request, Response
from fastapi.responses import JSONResponse

from headway.entrypoints.api.deps import SESSION_COOKIE, CurrentServer, PersonUoW
from headway.entrypoints.api.documents import responses
from headway.entrypoints.api.routes_tracking import profile_document

router = APIRouter(tags=["data"])
EXPORT = {
    "type": "object",
    "description": 'The whole record as `headway export` writes it: {"format": "headway-export", "version": 1, '
    '"profile", "goals", "tasks", "checkins", "investments", ...}, rows as stored.',
    "required": ["format", "version", "profile"],
    "properties": {"format": {"const": "headway-export"}, "version": {"const": 1}, "profile": {"type": "object"}},
}


@router.get(
    "/export",
    summary="Your whole record as one JSON document, exactly as `headway export` writes it",
    responses={200: {"description": "the export", "content": {"application/json": {"schema": EXPORT}}}},
)
def export(srv: CurrentServer, uow: PersonUoW) -> Any:
    from headway.services.data import export_record

    exported = export_record(uow, now=srv.now)
    name = f"headway-export-{srv.today.isoformat()}.json"
    return JSONResponse(exported, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post(
    "/import",
    responses={
        **responses("profile", description="the profile the import brought"),
        409: {"description": "your record is not empty: nothing was imported"},
    },
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": EXPORT}}}},
    summary="Load an export into your record, which must be empty: all of it, or nothing",
)
def import_export(body: Annotated[Any, Body()], request: Request, uow: PersonUoW) -> Any:
    from headway.services.data import import_into_person

    profile = import_into_person(uow, body)
    return profile_document(request, profile)


@router.delete(
    "/data",
    status_code=204,
    summary="Delete your whole record, and your account with it, for good (signs you out)",
    responses={204: {"description": "deleted: nothing of it is left"}},
)
def delete_data(uow: PersonUoW) -> Response:
    from headway.services.data import delete_everything

    # The account, its sessions and tokens go with the person's row (ON DELETE CASCADE): delete means delete.
    delete_everything(uow)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
