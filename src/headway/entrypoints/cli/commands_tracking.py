"""`headway cadence|balance`, and `headway invest report|target` (dispatched from `headway invest`)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from headway.domain.errors import ValidationError
from headway.domain.records import CHECKIN_CADENCES, REVIEW_CADENCES
from headway.entrypoints.cli.options import add_json, number, subcommand

if TYPE_CHECKING:
    from headway.domain.ledger import Ledger
    from headway.entrypoints.cli.main import Context

INVEST_ACTIONS = ("report", "target")


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    cadence = subcommand(
        commands, common, "cadence", "your check-in and review rhythm: when the next is due, streaks; or change it"
    )
    cadence.add_argument("--checkin", choices=CHECKIN_CADENCES, help="how often you check in")
    cadence.add_argument("--review", choices=REVIEW_CADENCES, help="how often the check-in asks the review questions")
    cadence.add_argument("--capacity", type=number, metavar="HOURS", help="hours a week you can give your plans")
    add_json(cadence)
    cadence.set_defaults(handler=cmd_cadence)

    balance = subcommand(commands, common, "balance", "the four outcome ratings over time: trends and the weakest")
    add_json(balance)
    balance.set_defaults(handler=cmd_balance)


def cmd_cadence(args: argparse.Namespace, ctx: Context) -> int:
    from headway.entrypoints.cli.tracking_view import cadence_json, print_cadence
    from headway.services.tracking import cadence_state, set_cadence

    if any(v is not None for v in (args.checkin, args.review, args.capacity)):
        set_cadence(ctx.uow, checkin=args.checkin, review=args.review, capacity=args.capacity, now=ctx.now)
        if not args.json:
            print("Saved your rhythm.")
    state = cadence_state(ctx.uow, ctx.today)
    if args.json:
        cadence_json(state)
        return 0
    print_cadence(state)
    return 0


def cmd_balance(args: argparse.Namespace, ctx: Context) -> int:
    from headway.entrypoints.cli.tracking_view import balance_json, print_balance
    from headway.services.tracking import balance

    result = balance(ctx.uow, ctx.today)
    if args.json:
        balance_json(result)
        return 0
    print_balance(result)
    return 0


def cmd_invest_action(args: argparse.Namespace, ctx: Context) -> int:
    """`headway invest report` and `headway invest target`: the words that are not a category."""
    from headway.entrypoints.cli.tracking_view import ledger_json, print_ledger
    from headway.services.tracking import ledger, set_cadence

    logging_only = {"--currency": args.currency, "--goal": args.goal, "--on": args.on, "--note": args.note or None}
    if args.category == "report":
        logging_only.update({"--hours": args.hours, "--amount": args.amount})
    extra = [flag for flag, value in logging_only.items() if value is not None]
    if extra:
        raise ValidationError(
            f"headway invest {args.category} does not take {', '.join(extra)}.",
            hint="Those options log an investment: headway invest CATEGORY --hours 2 ... (see headway invest -h).",
        )
    if args.category == "target":
        if args.hours is None and args.amount is None:
            raise ValidationError(
                "headway invest target needs --hours, --amount or both.",
                hint="For example: headway invest target --hours 8 --amount 100 (0 removes a target).",
            )
        profile = set_cadence(ctx.uow, target_hours=args.hours, target_amount=args.amount, now=ctx.now)
        target = _target_text(profile.monthly_target_hours, profile.monthly_target_amount, profile.currency)
    book = ledger(ctx.uow, ctx.today)
    if args.json:
        ledger_json(book)
    elif args.category == "report":
        print_ledger(book)
    else:
        print(f"Your monthly target: {target}. This month so far: {this_month_text(book)}.")
    return 0


def this_month_text(book: Ledger) -> str:
    from headway.domain.goals import format_number

    month = book.this_month
    text = f"{format_number(round(month.totals.hours, 2))} h"
    if month.hours_share is not None:
        text += f" ({round(month.hours_share * 100)}% of the hours)"
    amount = month.totals.amount(month.currency)
    if month.target_amount:
        text += f", {format_number(amount)} {month.currency}"
        if month.amount_share is not None:
            text += f" ({round(month.amount_share * 100)}% of the money)"
    return text


def _target_text(hours: float | None, amount: float | None, currency: str) -> str:
    from headway.domain.goals import format_number

    parts = []
    if hours:
        parts.append(f"{format_number(hours)} h")
    if amount:
        parts.append(f"{format_number(amount)} {currency}")
    return " and ".join(parts) or "none"
