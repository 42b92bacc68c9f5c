"""`headway schedule|replan`: when a goal's open work can finish, and moving the plan after a slip."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from headway.entrypoints.cli.options import add_json, subcommand

if TYPE_CHECKING:
    from headway.entrypoints.cli.main import Context

REASON_PROMPT = "Why did it slip? (kept in the goal's history) "


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    plan = subcommand(
        commands, common, "schedule", "a goal's critical path, each task's slack and its earliest feasible finish"
    )
    plan.add_argument("goal", metavar="GOAL")
    add_json(plan)
    plan.set_defaults(handler=cmd_schedule)

    replan = subcommand(
        commands, common, "replan", "a task slipped: move it and the tasks that wait for it, with the reason"
    )
    replan.add_argument("goal", metavar="GOAL")
    replan.add_argument("--task", required=True, metavar="TASK", help="the task that slipped")
    replan.add_argument("--due", required=True, metavar="DATE", help="its new due date")
    replan.add_argument("--reason", default="", help="why it slipped (asked for at a terminal when left out)")
    add_json(replan)
    replan.set_defaults(handler=cmd_replan)


def cmd_schedule(args: argparse.Namespace, ctx: Context) -> int:
    from headway.entrypoints.cli.schedule_view import print_schedule, schedule_payload
    from headway.services.schedule import goal_schedule

    view = goal_schedule(ctx.uow, args.goal, ctx.today)
    if args.json:
        from headway.entrypoints.cli.jsonout import emit

        emit("schedule", schedule_payload(view))
        return 0
    print_schedule(view)
    return 0


def cmd_replan(args: argparse.Namespace, ctx: Context) -> int:
    from headway.entrypoints.cli.dates import parse_user_date
    from headway.entrypoints.cli.schedule_view import print_replan, replan_payload
    from headway.services.schedule import replan_goal

    new_due = parse_user_date(args.due, ctx.today, field="due")
    reason = args.reason
    if not reason.strip() and sys.stdin.isatty():
        # The prompt goes to standard error, so that with --json standard output stays one JSON document.
        print(REASON_PROMPT, end="", file=sys.stderr, flush=True)
        reason = input()
    result = replan_goal(ctx.uow, args.goal, args.task, new_due, reason, now=ctx.now, today=ctx.today)
    if args.json:
        from headway.entrypoints.cli.jsonout import emit

        emit("replan", replan_payload(result))
        return 0
    print_replan(result)
    return 0
