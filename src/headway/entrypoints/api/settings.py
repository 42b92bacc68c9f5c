"""The server's settings, from `headway serve`'s options and HEADWAY_* environment variables."""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from headway.domain.errors import ValidationError
from headway.services.accounts import SignUpPolicy

DEFAULT_SECRETS = frozenset({"", "change-me", "changeme", "secret", "headway", "default", "dev", "development"})
MIN_SECRET = 32


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _clock_from(env: Mapping[str, str]) -> Callable[[], datetime]:
    """The server's clock: now, or noon of HEADWAY_TODAY when it is fixed (reproducible tests and examples)."""
    fixed = env.get("HEADWAY_TODAY")
    if not fixed:
        return lambda: datetime.now(UTC)
    try:
        day = date.fromisoformat(fixed)
    except ValueError:
        raise ValidationError(f"HEADWAY_TODAY={fixed!r} is not a YYYY-MM-DD date.") from None
    moment = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    return lambda: moment


@dataclass(frozen=True)
class ServerSettings:
    database_url: str
    secret: str
    host: str = "127.0.0.1"
    port: int = 8000
    signup: SignUpPolicy = "open"
    redis_url: str | None = None
    data_dir: Path | None = None  # where the occupation data is unpacked; None: a temporary folder
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    pool_size: int = 8
    warm_catalog: bool = True  # build the occupation data and its matcher at start-up, not on a user's request
    daily_jobs: bool = True  # run the scheduled work (entrypoints/api/jobs.py); HEADWAY_DAILY_JOBS=0 turns it off
    # Argon2id costs: RFC 9106's second recommendation by default; tests lower them (same algorithm).
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536

    @property
    def local(self) -> bool:
        """Local mode: bound to this machine only, for its one user (the one-time sign-in link)."""
        return is_loopback(self.host)

    @property
    def secure_cookies(self) -> bool:
        return not self.local

    def check(self) -> None:
        """Refuse a setting that would be unsafe: outside local mode, a missing, default or short secret."""
        if self.signup not in ("open", "invite"):
            raise ValidationError(f"Sign-up is 'open' or 'invite', not {self.signup!r}.", field="signup")
        if self.local:
            return
        if self.secret.strip().casefold() in DEFAULT_SECRETS or len(self.secret) < MIN_SECRET:
            raise ValidationError(
                f"The server is bound to {self.host}, beyond this machine, and its secret is "
                + ("missing" if not self.secret else "a default or shorter than 32 characters")
                + "; it will not start.",
                field="secret",
                hint="Set HEADWAY_SECRET (or HEADWAY_SECRET_FILE, a file holding it) to a long random value, e.g. "
                "the output of `python -c 'import secrets; print(secrets.token_urlsafe(48))'`.",
            )

    @classmethod
    def from_env(
        cls,
        env: Mapping[str, str],
        *,
        database_url: str,
        host: str,
        port: int,
        data_dir: Path | None,
        signup: str | None = None,
    ) -> ServerSettings:
        secret = env.get("HEADWAY_SECRET", "")
        secret_file = env.get("HEADWAY_SECRET_FILE")
        if secret_file:
            try:
                secret = Path(secret_file).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ValidationError(f"Cannot read HEADWAY_SECRET_FILE {secret_file}: {exc.strerror}.") from None
        if not secret and is_loopback(host) and data_dir is not None:
            secret = _local_secret(data_dir)
        policy = signup or env.get("HEADWAY_SIGNUP", "open")
        settings = cls(
            database_url=database_url,
            secret=secret,
            host=host,
            port=port,
            signup=policy,  # type: ignore[arg-type]  # check() refuses anything else
            redis_url=env.get("HEADWAY_REDIS_URL") or None,
            daily_jobs=env.get("HEADWAY_DAILY_JOBS", "1") != "0",
            data_dir=data_dir,
            clock=_clock_from(env),
        )
        settings.check()
        return settings


def _local_secret(data_dir: Path) -> str:
    """A local server's secret: made once, kept in the data folder, readable by its owner only."""
    path = data_dir / "server-secret"
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        pass
    data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")
    return value
