"""`headway init|profile|status|invest|investments|history|baseline|plan|demo`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from headway.entrypoints.cli.options import add_json, number, positive_int, subcommand

if TYPE_CHECKING:
    from headway.entrypoints.cli.main import Context

CATEGORIES = ("course", "reading", "mentoring", "networking", "practice", "credential")


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    init = subcommand(commands, common, "init", "create your career record (safe to run again to update it)")
    init.add_argument("--name", help="your name (asked for when left out)")
    init.add_argument("--role", help="your current role, e.g. 'Account Executive'")
    init.add_argument("--employer", help="where you work now")
    init.add_argument("--values", help="what matters most to you, comma-separated")
    init.add_argument("--currency", default=None, help="three-letter currency code (default USD)")
    init.set_defaults(handler=cmd_init, creates_database=True)

    profile = subcommand(commands, common, "profile", "show your profile and where your data lives")
    add_json(profile)
    profile.set_defaults(handler=cmd_profile)

    status = subcommand(commands, common, "status", "the dashboard: goals, next and overdue tasks, habits")
    add_json(status)
    status.set_defaults(handler=cmd_status)

    from headway.entrypoints.cli import commands_checkin

    commands_checkin.register(commands, common)

    invest = subcommand(
        commands,
        common,
        "invest",
        "log time and/or money invested in your development; `invest report` shows the ledger, "
        "`invest target` sets your monthly target",
    )
    from headway.entrypoints.cli.commands_tracking import INVEST_ACTIONS

    invest.add_argument(
        "category",
        choices=CATEGORIES + INVEST_ACTIONS,
        metavar="CATEGORY",
        help=f"{', '.join(CATEGORIES)}; or report (the ledger) or target (set the monthly target)",
    )
    invest.add_argument("--hours", type=number, help="time spent (with target: hours a month)")
    invest.add_argument("--amount", type=number, help="money spent (with target: money a month)")
    invest.add_argument("--currency", help="default: your profile's currency")
    invest.add_argument("--goal", metavar="GOAL", help="the goal it serves")
    invest.add_argument("--on", metavar="DATE", help="when (default: today)")
    invest.add_argument("--note", default="", help="what it was, e.g. 'Negotiation course, module 3'")
    add_json(invest)
    invest.set_defaults(handler=cmd_invest)

    investments = subcommand(
        commands, common, "investments", "the latest investments, numbered; `investments delete N` deletes one"
    )
    investments.add_argument("action", nargs="?", choices=("delete",), help="delete: delete investment N for good")
    investments.add_argument("entry", nargs="?", type=positive_int, metavar="N", help="the investment's number")
    investments.add_argument("--limit", type=positive_int, default=20)
    add_json(investments)
    investments.set_defaults(handler=cmd_investments)

    history = subcommand(commands, common, "history", "every change to a goal and its plan, with the reasons")
    history.add_argument("goal", metavar="GOAL")
    add_json(history)
    history.set_defaults(handler=cmd_history)

    baseline = subcommand(commands, common, "baseline", "save a goal's current plan as its baseline")
    baseline.add_argument("goal", metavar="GOAL")
    baseline.add_argument("--label", default="", help="e.g. 'plan agreed with my manager'")
    baseline.set_defaults(handler=cmd_baseline)

    plan = subcommand(
        commands,
        common,
        "plan",
        "a goal's timeline, with the baseline beside the current plan; `plan generate GOAL` proposes milestones "
        "from the skill gap to the goal's target occupation",
    )
    plan.add_argument("words", nargs="+", metavar="GOAL", help="GOAL, or: generate GOAL")
    plan.add_argument("--top", type=positive_int, default=5, help="generate: milestones for this many gaps")
    plan.add_argument("--accept", metavar="all|N,N", help="generate: add these proposed milestones (all, or 1,2,5)")
    add_json(plan)
    plan.set_defaults(handler=cmd_plan)

    demo = subcommand(commands, common, "demo", "build an example career in a separate database and show it")
    demo.set_defaults(handler=cmd_demo, creates_database=True)


def cmd_init(args: argparse.Namespace, ctx: Context) -> int:
    from headway.domain.records import Profile
    from headway.services.record import init_profile

    name = args.name
    if name is None:
        name = input("Your name: ")
        args.role = args.role if args.role is not None else input("Your current role (Enter to skip): ")
        args.employer = args.employer if args.employer is not None else input("Your employer (Enter to skip): ")
        if args.values is None:
            args.values = input("What matters most to you, comma-separated (Enter to skip): ")
    profile = init_profile(
        ctx.uow,
        Profile(
            name=name,
            current_role=args.role or "",
            employer=args.employer or "",
            values=tuple((args.values or "").split(",")),
            currency=args.currency or "USD",
        ),
        now=ctx.now,
        keep_rhythms=True,
    )
    print(f"Hello, {profile.name}. Your career record is in {_where(ctx)}.")
    print('Next: add a goal, e.g. headway goal add "Become a sales manager" --why "..." --by 2028-12-31')
    return 0


def _where(ctx: Context) -> str:
    from headway.adapters.db.connection import redact

    return redact(ctx.settings.database_url)


def cmd_profile(args: argparse.Namespace, ctx: Context) -> int:
    from headway.services.record import get_profile

    profile = get_profile(ctx.uow)
    if args.json:
        from headway.entrypoints.cli.jsonout import emit, profile_json

        emit("profile", {"profile": profile_json(profile), "database": _where(ctx)})
        return 0
    print(profile.name)
    print(f"  role:     {profile.current_role or '-'}{' at ' + profile.employer if profile.employer else ''}")
    print(f"  values:   {', '.join(profile.values) or '-'}")
    print(f"  currency: {profile.currency}")
    print(f"  database: {_where(ctx)}")
    return 0


def cmd_status(args: argparse.Namespace, ctx: Context) -> int:
    from headway.entrypoints.cli.status_view import print_dashboard
    from headway.services.status import dashboard

    board = dashboard(ctx.uow, ctx.today)
    if args.json:
        from headway.entrypoints.cli.status_view import dashboard_json

        dashboard_json(board)
        return 0
    print_dashboard(board)
    return 0


def cmd_invest(args: argparse.Namespace, ctx: Context) -> int:
    from headway.domain.errors import ValidationError
    from headway.domain.goals import format_number
    from headway.domain.records import InvestmentCategory
    from headway.entrypoints.cli.dates import parse_user_date
    from headway.services.record import log_investment

    if args.category not in CATEGORIES:
        from headway.entrypoints.cli.commands_tracking import cmd_invest_action

        return cmd_invest_action(args, ctx)
    if args.json:
        raise ValidationError(
            "--json goes with headway invest report or headway invest target.",
            hint="Log the investment without it; `headway investments --json` lists the latest.",
        )
    entry = log_investment(
        ctx.uow,
        on=parse_user_date(args.on, ctx.today, field="on", past=True) if args.on else ctx.today,
        category=InvestmentCategory(args.category),
        hours=args.hours or 0.0,
        amount=args.amount or 0.0,
        currency=args.currency,
        goal=args.goal,
        note=args.note,
        today=ctx.today,
    )
    parts = []
    if entry.hours:
        parts.append(f"{format_number(entry.hours)} h")
    if entry.amount:
        parts.append(f"{format_number(entry.amount)} {entry.currency}")
    goal = f" towards goal #{entry.goal_id}" if entry.goal_id else ""
    print(f"Invested {' and '.join(parts)} in {entry.category} on {entry.on}{goal}.")
    return 0


def cmd_investments(args: argparse.Namespace, ctx: Context) -> int:
    from headway.domain.goals import format_number
    from headway.entrypoints.cli.render import table
    from headway.services.record import recent_investments

    if args.action == "delete":
        return _delete_investment(args, ctx)
    entries = recent_investments(ctx.uow, args.limit)
    if args.json:
        from headway.entrypoints.cli.jsonout import emit, investment_json

        emit("investment_list", {"investments": [investment_json(e) for e in entries]})
        return 0
    if not entries:
        print("No investments yet. Log one: headway invest course --hours 2 --note 'Negotiation, module 1'")
        return 0
    rows = [
        [
            f"#{e.id}",
            e.on.isoformat(),
            e.category,
            f"{format_number(e.hours)} h" if e.hours else "-",
            f"{format_number(e.amount)} {e.currency}" if e.amount else "-",
            f"#{e.goal_id}" if e.goal_id else "-",
            e.note,
        ]
        for e in entries
    ]
    for line in table(rows, header=["#", "date", "category", "time", "money", "goal", "note"]):
        print(line)
    return 0


def _delete_investment(args: argparse.Namespace, ctx: Context) -> int:
    from headway.domain.errors import ValidationError
    from headway.domain.goals import format_number
    from headway.services.record import delete_investment

    if args.entry is None:
        raise ValidationError(
            "Say which investment to delete: `headway investments delete N`.",
            hint="`headway investments` lists them with their numbers.",
        )
    gone = delete_investment(ctx.uow, args.entry)
    if args.json:
        from headway.entrypoints.cli.jsonout import emit, investment_json

        emit("investment_list", {"investments": [investment_json(gone)]})
        return 0
    spent = [
        f"{format_number(gone.hours)} h" if gone.hours else "",
        f"{format_number(gone.amount)} {gone.currency}" if gone.amount else "",
    ]
    what = " and ".join(part for part in spent if part)
    note = f" ({gone.note})" if gone.note else ""
    print(f"Deleted investment #{gone.id}: {what} in {gone.category} on {gone.on}{note}.")
    return 0


def cmd_history(args: argparse.Namespace, ctx: Context) -> int:
    from headway.services.plan import goal_history

    goal, revisions = goal_history(ctx.uow, args.goal)
    if args.json:
        from headway.entrypoints.cli.jsonout import emit, revision_json

        emit(
            "history",
            {
                "goal": {"id": goal.id, "title": goal.title},
                "revisions": [revision_json(r) for r in revisions],
            },
        )
        return 0
    print(f"History of goal #{goal.id} {goal.title}")
    for r in revisions:
        subject = f"task #{r.task_id} " if r.task_id else ""
        change = f"{r.after}" if r.before == "-" else f"{r.before} -> {r.after}"
        print(f"{r.at.date()}  {subject}{r.field.replace('_', ' ')}: {change}")
        if r.reason:
            print(f"            why: {r.reason}")
    return 0


def cmd_baseline(args: argparse.Namespace, ctx: Context) -> int:
    from headway.services.plan import save_baseline

    baseline = save_baseline(ctx.uow, args.goal, label=args.label, now=ctx.now)
    print(
        f"Saved the plan of goal #{baseline.goal_id} ({len(baseline.items)} tasks, target {baseline.target_date}) "
        "as its baseline. `headway plan` now shows changes against it."
    )
    return 0


def cmd_plan(args: argparse.Namespace, ctx: Context) -> int:
    from headway.domain.errors import ValidationError
    from headway.entrypoints.cli.plan_view import plan_json, print_plan
    from headway.services.plan import plan_view

    words: list[str] = args.words
    if words[0] == "generate" and len(words) == 2:
        from headway.entrypoints.cli.occupation_view import cmd_plan_generate

        return cmd_plan_generate(words[1], args, ctx)
    if len(words) != 1:
        raise ValidationError(f"Expected one goal, or `plan generate GOAL`; got: {' '.join(words)}.", field="goal")
    if args.accept is not None:
        raise ValidationError("--accept goes with `plan generate GOAL`.", field="accept")
    view = plan_view(ctx.uow, words[0])
    if args.json:
        plan_json(view, ctx.today)
        return 0
    print_plan(view, ctx.today)
    return 0


def cmd_demo(args: argparse.Namespace, ctx: Context) -> int:
    from headway.entrypoints.cli.status_view import print_dashboard
    from headway.services.demo import build_demo
    from headway.services.status import dashboard

    url = ctx.settings.database_url
    if getattr(args, "db", None) is None and not getattr(args, "demo", False):
        from headway.entrypoints.cli.settings import DEMO_FILE, data_dir

        url = str(data_dir() / DEMO_FILE)
    from headway.adapters.db import SqlUnitOfWork, open_database
    from headway.adapters.db.connection import redact
    from headway.adapters.db.reset import reset_database
    from headway.domain.errors import ValidationError
    from headway.services.demo import DEMO_NAME

    db = open_database(url)
    uow = SqlUnitOfWork(db)
    existing = uow.profiles.get_default()
    if existing is not None and existing.name != DEMO_NAME:
        raise ValidationError(
            f"{redact(url)} holds {existing.name}'s career record, not the demo: Headway will not overwrite it.",
            hint="Leave out --db to build the demo in its own file.",
        )
    reset_database(db)
    build_demo(uow, today=ctx.today, catalog=ctx.catalog)
    print_dashboard(dashboard(uow, ctx.today))
    print()
    print(f"This example career lives in {redact(url)}, apart from your own record.")
    print("Explore it with --demo, e.g.: headway --demo goal list, headway --demo plan 2, headway --demo history 2")
    return 0
