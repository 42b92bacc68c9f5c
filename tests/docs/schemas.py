"""The documented --json shapes, loaded once: docs/json/*.schema.json in one referencing Registry."""

# jsonschema ships no type information (and types-jsonschema is not a dev dependency): it is Any here.
# mypy: disable-error-code="import-untyped"

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SCHEMAS = ROOT / "src" / "headway" / "schemas"  # docs/json links here: the server serves them too
CLI_SOURCE = ROOT / "src" / "headway" / "entrypoints" / "cli"
SHARED = ("defs.schema.json", "checkin-input.schema.json")  # not a `kind` the CLI emits


def schema_files() -> list[Path]:
    return sorted(SCHEMAS.glob("*.schema.json"))


def documented_kinds() -> set[str]:
    """The kinds with a schema: every docs/json/<kind>.schema.json but the shared definitions and the input."""
    return {p.name.removesuffix(".schema.json") for p in schema_files() if p.name not in SHARED}


def load(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return schema


@cache
def registry() -> Registry[Any]:
    """Every schema file under its own name, so "defs.schema.json#/$defs/goal" resolves to the file beside it."""
    resources = [
        (p.name, Resource.from_contents(load(p.name), default_specification=DRAFT202012)) for p in schema_files()
    ]
    return Registry().with_resources(resources)


def _is_datetime(value: object) -> bool:
    """RFC 3339 as the CLI writes it: seconds and a UTC offset (jsonschema checks date-time only with extras)."""
    if not isinstance(value, str):
        return True
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def format_checker() -> Any:
    checker = FormatChecker()
    checker.checks("date-time")(_is_datetime)
    return checker


@cache
def validator(name: str) -> Any:
    schema = load(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=registry(), format_checker=format_checker())


def errors(document: object, name: str) -> list[str]:
    """Each way `document` breaks docs/json/<name>, as 'path: message'; empty when it conforms."""
    found = sorted(validator(name).iter_errors(document), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(document)'}: {e.message}" for e in found]


def schema_for(kind: str) -> str:
    return f"{kind}.schema.json"
