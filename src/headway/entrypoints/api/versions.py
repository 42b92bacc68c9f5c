"""No lost updates: a change names the version it was based on (If-Match: "<version>", or a `version` field), and
the services refuse it with 409 when the record has moved on since."""

from __future__ import annotations

from fastapi import Request

from headway.domain.errors import HeadwayError


class VersionRequired(HeadwayError):
    """A change that does not say which version it was based on (428 Precondition Required)."""


def etag(version: int) -> str:
    return f'"{version}"'


def expected_version(request: Request, body_version: int | None) -> int:
    """The version a change was based on: the body's `version`, else If-Match's; one of them is required."""
    if body_version is not None:
        return body_version
    header = request.headers.get("if-match")
    if header is not None:
        value = header.strip().removeprefix("W/").strip('"')
        if value.isdigit():
            return int(value)
        raise VersionRequired(
            f"If-Match {header!r} is not a version this server gave.",
            field="If-Match",
            hint='Send the ETag of the record as read, e.g. If-Match: "3".',
        )
    raise VersionRequired(
        "A change must say which version of the record it was based on.",
        field="If-Match",
        hint="Send the ETag you read as If-Match, or the record's record_version as `version` in the body.",
    )
