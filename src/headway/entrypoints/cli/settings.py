"""The CLI's settings: a frozen dataclass read from flags and HEADWAY_* environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from headway.domain.errors import ValidationError

DB_FILE = "headway.sqlite3"
DEMO_FILE = "demo.sqlite3"


def data_dir() -> Path:
    """The platform's user data directory (~/.local/share/headway on Linux); HEADWAY_HOME overrides it."""
    override = os.environ.get("HEADWAY_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("headway", appauthor=False))


@dataclass(frozen=True)
class Settings:
    database_url: str
    today: date
    now: datetime

    @classmethod
    def load(cls, db: str | None, *, demo: bool) -> Settings:
        """--db wins over HEADWAY_DATABASE_URL, which wins over the file in the user data directory."""
        if demo:
            url = str(data_dir() / DEMO_FILE)
        else:
            url = db or os.environ.get("HEADWAY_DATABASE_URL") or str(data_dir() / DB_FILE)
        now = datetime.now(UTC)
        today = now.astimezone().date()  # the calendar day where the person is
        # The clock can be fixed for reproducible output (the README's examples, scripted tests).
        fixed = os.environ.get("HEADWAY_TODAY")
        if fixed:
            try:
                today = date.fromisoformat(fixed)
            except ValueError:
                raise ValidationError(f"HEADWAY_TODAY={fixed!r} is not a YYYY-MM-DD date.") from None
            now = datetime(today.year, today.month, today.day, 12, tzinfo=UTC)
        return cls(database_url=url, today=today, now=now)
