"""Errors the domain raises. Each carries a message written for the person using Headway."""

from __future__ import annotations


class HeadwayError(Exception):
    """Base class: something the user asked for cannot be done, and the message says why."""

    def __init__(self, message: str, *, field: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n{self.hint}"


class ValidationError(HeadwayError):
    """Input that does not make sense (a date out of range, a rating of 11, an empty title)."""


class NotFound(HeadwayError):
    """A goal, task or profile that does not exist (or that the asker may not know exists)."""


class Ambiguous(HeadwayError):
    """A reference that matches more than one thing."""


class ReasonRequired(HeadwayError):
    """A course correction (target date, measure, scope, dropping a milestone) made without saying why."""


class PlanConflict(HeadwayError):
    """A plan that cannot work: a dependency cycle, or a task due before what it waits for."""


class NotInitialised(HeadwayError):
    """No profile yet: `headway init` has not been run on this database."""


class Conflict(HeadwayError):
    """Someone else changed the record since it was read."""


class StaleVersion(Conflict):
    """An update based on an older version of the record than the stored one; `current` is the stored version."""

    def __init__(self, message: str, *, current: int, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.current = current


class Unauthenticated(HeadwayError):
    """No valid session or token: sign in first."""


class Forbidden(HeadwayError):
    """The asker is known, and their role or token scope does not allow this action."""


class TooManyAttempts(HeadwayError):
    """Too many failed sign-ins: wait before trying again."""

    def __init__(self, message: str, *, retry_after: int, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.retry_after = retry_after
