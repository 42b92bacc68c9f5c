"""`headway serve`: the Headway server (JSON API) on this machine, or for many users on PostgreSQL."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING, Any

from headway.entrypoints.cli.options import positive_int, subcommand

if TYPE_CHECKING:
    from headway.entrypoints.cli.main import Context


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    serve = subcommand(
        commands,
        common,
        "serve",
        "run the Headway server: local (127.0.0.1, a one-time sign-in link) or, with accounts, for many users",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=positive_int, default=8000)
    serve.add_argument("--workers", type=positive_int, default=1, help="worker processes (use with PostgreSQL)")
    serve.add_argument("--signup", choices=("open", "invite"), help="who may sign up (default: HEADWAY_SIGNUP, open)")
    serve.add_argument("--no-link", action="store_true", help="do not print a one-time sign-in link")
    serve.set_defaults(handler=cmd_serve, creates_database=True)


def cmd_serve(args: argparse.Namespace, ctx: Context) -> int:
    import uvicorn

    from headway.entrypoints.api import serve

    env = {
        **os.environ,
        serve.ENV_URL: ctx.settings.database_url,
        serve.ENV_HOST: args.host,
        serve.ENV_PORT: str(args.port),
    }
    if args.signup:
        env["HEADWAY_SIGNUP"] = args.signup
    settings = serve.settings_from_env(env)  # refuses an unsafe setting before anything starts
    os.environ.update({k: v for k, v in env.items() if k.startswith("HEADWAY_")})  # what each worker reads
    serve.configure_logging()
    where = f"http://{args.host}:{args.port}/"
    print(f"Headway is serving {ctx.settings.database_url} at {where} (API docs: {where}api/docs).")
    if settings.local and not args.no_link:
        print(f"Open this link to sign in (it works once): {serve.sign_in_link(settings)}")
    elif not settings.local:
        print("Accounts are required: sign up at POST /api/v1/auth/sign-up (the first account administers).")
    uvicorn.run(
        "headway.entrypoints.api.serve:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        access_log=False,  # serve.AccessLog logs requests without query strings
        proxy_headers=True,  # behind a reverse proxy, FORWARDED_ALLOW_IPS names it
        log_level="info",
    )
    return 0
