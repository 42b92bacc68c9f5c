"""The API answers with the same documents as the CLI's --json (src/headway/schemas, linked as docs/json), so one
set of JSON Schemas describes both. This module puts those schemas into the OpenAPI document: each shared
definition becomes a component, each document kind a `<Kind>Document` component, with references rewritten."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from fastapi.responses import JSONResponse

from headway.entrypoints.api.errors import ERROR_SCHEMA, error_responses

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
_REF = re.compile(r"^(?:(?P<file>[\w-]+)\.schema\.json)?#/\$defs/(?P<name>\w+)$")
SCHEMA_VERSION = 1


def component(kind: str) -> str:
    """The OpenAPI component name of a document kind: goal_list -> GoalListDocument."""
    return "".join(part.capitalize() for part in re.split(r"[_-]", kind)) + "Document"


def _rewrite(node: Any, here: str) -> Any:
    """A JSON Schema node with $refs into components and the keywords OpenAPI has no use for dropped."""
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in ("$schema", "$id", "$defs"):
                continue
            if key == "$ref" and isinstance(value, str):
                match = _REF.match(value)
                if match is None:
                    raise ValueError(f"{here}: cannot place $ref {value!r} in the OpenAPI document")
                source = match.group("file") or here
                name = match.group("name")
                out[key] = f"#/components/schemas/{name if source == 'defs' else f'{component(source)}_{name}'}"
                continue
            out[key] = _rewrite(value, here)
        return out
    if isinstance(node, list):
        return [_rewrite(item, here) for item in node]
    return node


@cache
def components() -> dict[str, Any]:
    """Every schema as an OpenAPI component (computed once)."""
    found: dict[str, Any] = {"Error": ERROR_SCHEMA}
    for path in sorted(SCHEMAS.glob("*.schema.json")):
        kind = path.name.removesuffix(".schema.json")
        schema = json.loads(path.read_text(encoding="utf-8"))
        for name, definition in schema.get("$defs", {}).items():
            key = name if kind == "defs" else f"{component(kind)}_{name}"
            found[key] = _rewrite(definition, kind)
        if kind != "defs":
            found[component(kind)] = _rewrite(schema, kind)
    return found


def responses(kind: str, *, status: int = 200, description: str = "") -> dict[int | str, dict[str, Any]]:
    """The `responses=` of a route answering with a `kind` document, and the error envelope otherwise (a change
    may also meet 409, a stale version, and 428, no version)."""
    return {
        status: {
            "description": description or f"a {kind} document (the CLI's --json shape)",
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component(kind)}"}}},
        },
        **error_responses(401, 403, 404, 409, 422, 428),
    }


def document(kind: str, payload: dict[str, Any], *, status: int = 200, headers: dict[str, str] | None = None) -> Any:
    """A document as the response: {"kind", "version", ...payload}, serialised without revalidation."""
    return JSONResponse({"kind": kind, "version": SCHEMA_VERSION, **payload}, status_code=status, headers=headers)
