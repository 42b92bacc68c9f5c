"""`headway task add|list|show|edit|done`: the plan under each goal."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from headway.entrypoints.cli.options import add_json, number, positive_int, subcommand

if TYPE_CHECKING:
    from datetime import date

    from headway.entrypoints.cli.main import Context
    from headway.services.tasks import TaskDetail


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    task = subcommand(commands, common, "task", "plan a goal: milestones and tasks with dates and dependencies")
    actions = task.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = subcommand(actions, common, "add", "add a milestone or task under a goal")
    add.add_argument("goal", metavar="GOAL", help="number (3 or #3) or part of the goal's title")
    add.add_argument("title")
    add.add_argument("--milestone", action="store_true", help="a milestone rather than a task")
    add.add_argument("--start", metavar="DATE", help="planned start")
    add.add_argument("--due", metavar="DATE")
    add.add_argument("--effort", type=number, metavar="HOURS", help="estimated effort in hours")
    add.add_argument("--after", action="append", default=[], metavar="TASK", help="a task this one waits for")
    add_json(add)
    add.set_defaults(handler=task_add)

    listing = subcommand(
        actions, common, "list", "what you can act on now: open tasks of active goals, most urgent first"
    )
    listing.add_argument("--goal", metavar="GOAL", help="every task of one goal")
    listing.add_argument("--all", action="store_true", help="every task of every goal")
    listing.add_argument("--limit", type=positive_int, default=20, help="how many to show (default 20)")
    add_json(listing)
    listing.set_defaults(handler=task_list)

    show = subcommand(actions, common, "show", "one task, what it waits for and what waits for it")
    show.add_argument("task", metavar="TASK")
    add_json(show)
    show.set_defaults(handler=task_show)

    edit = subcommand(actions, common, "edit", "change a task; dropping one needs --reason")
    edit.add_argument("task", metavar="TASK")
    edit.add_argument("--title")
    kind = edit.add_mutually_exclusive_group()
    kind.add_argument("--milestone", action="store_const", const="milestone", dest="kind")
    kind.add_argument("--plain-task", action="store_const", const="task", dest="kind", help="not a milestone")
    edit.add_argument("--start", metavar="DATE")
    edit.add_argument("--due", metavar="DATE")
    edit.add_argument("--effort", type=number, metavar="HOURS")
    edit.add_argument("--after", action="append", metavar="TASK", help="also wait for this task")
    edit.add_argument("--not-after", action="append", metavar="TASK", help="no longer wait for this task")
    status = edit.add_mutually_exclusive_group()
    status.add_argument("--drop", action="store_true", help="drop it from the plan (needs --reason)")
    status.add_argument("--reopen", action="store_true", help="open a done or dropped task again")
    edit.add_argument("--reason", default="", help="why the plan changed (kept in the goal's history)")
    edit.set_defaults(handler=task_edit)

    done = subcommand(actions, common, "done", "mark a task done")
    done.add_argument("task", metavar="TASK")
    done.add_argument("--on", metavar="DATE", help="when it was done (default: today)")
    done.set_defaults(handler=task_done)


def task_add(args: argparse.Namespace, ctx: Context) -> int:
    from headway.domain.tasks import TaskKind
    from headway.entrypoints.cli.dates import parse_user_date
    from headway.services.tasks import add_task

    task = add_task(
        ctx.uow,
        goal=args.goal,
        title=args.title,
        kind=TaskKind.MILESTONE if args.milestone else TaskKind.TASK,
        planned_start=parse_user_date(args.start, ctx.today, field="start") if args.start else None,
        due=parse_user_date(args.due, ctx.today, field="due") if args.due else None,
        effort_hours=args.effort,
        after=args.after,
        now=ctx.now,
    )
    if args.json:
        from headway.entrypoints.cli.jsonout import emit, task_json

        emit("task", {"task": task_json(task, ctx.today)})
        return 0
    due = f", due {task.due}" if task.due else ""
    print(f"Added {task.kind} #{task.id} '{task.title}' to goal #{task.goal_id}{due}.")
    return 0


def task_list(args: argparse.Namespace, ctx: Context) -> int:
    if args.all or args.goal:
        return _list_every(args, ctx)
    from headway.entrypoints.cli.render import table, task_row
    from headway.services.tasks import list_open_tasks

    listing = list_open_tasks(ctx.uow, limit=args.limit)
    page = listing.page
    if args.json:
        from headway.entrypoints.cli.jsonout import emit, task_json

        emit("task_list", {"tasks": [task_json(t, ctx.today) for t in page.tasks], "total": page.total})
        return 0
    if not page.tasks:
        print("Nothing to act on: no open tasks under active goals. Plan one with `headway task add GOAL TITLE`.")
        return 0
    rows = [task_row(t, ctx.today, listing.goals[t.goal_id].title) for t in page.tasks]
    for line in table(rows, header=["id", "", "due", "effort", "task", "goal"]):
        print(line)
    more = page.total - len(page.tasks)
    if more > 0:
        print(f"... and {more} more open task{'s' if more != 1 else ''} (--limit N to see more, --all for every task)")
    return 0


def _list_every(args: argparse.Namespace, ctx: Context) -> int:
    """Stream every task (of one goal, or of all), without holding them all in memory."""
    from headway.entrypoints.cli.render import shorten, task_row
    from headway.services.goals import show_goal
    from headway.services.tasks import iter_all_tasks

    with ctx.uow.read():
        if args.goal:
            detail = show_goal(ctx.uow, args.goal)
            goal = detail.view.goal
            assert goal.id is not None
            goals = {goal.id: goal}
            tasks: Any = iter(detail.tasks)
        else:
            goals, tasks = iter_all_tasks(ctx.uow)
        if args.json:
            from headway.entrypoints.cli.jsonout import task_json

            out = sys.stdout
            out.write('{"kind": "task_list", "version": 1, "tasks": [')
            total = 0
            import json

            for task in tasks:
                out.write(("," if total else "") + "\n  " + json.dumps(task_json(task, ctx.today), ensure_ascii=False))
                total += 1
            out.write(f'\n], "total": {total}}}\n')
            return 0
        lines: list[str] = []
        count = 0
        for task in tasks:
            tid, mark, due, effort, title = task_row(task, ctx.today)
            goal_title = shorten(goals[task.goal_id].title, 30) if task.goal_id in goals else ""
            lines.append(f"{tid:<8}{mark} {due:<15} {effort:>6}  {title}  [{goal_title}]")
            count += 1
            if len(lines) >= 2000:
                sys.stdout.write("\n".join(lines) + "\n")
                lines.clear()
        if lines:
            sys.stdout.write("\n".join(lines) + "\n")
        print(f"{count} task{'s' if count != 1 else ''}")
    return 0


def task_show(args: argparse.Namespace, ctx: Context) -> int:
    from headway.domain.goals import format_number
    from headway.services.tasks import show_task

    detail = show_task(ctx.uow, args.task)
    t = detail.task
    if args.json:
        from headway.entrypoints.cli.jsonout import emit

        emit("task", task_detail_payload(detail, ctx.today))
        return 0
    print(f"#{t.id} {t.title} ({t.kind}, {t.status}{': ' + t.status_reason if t.status_reason else ''})")
    print(f"  goal:    #{detail.goal.id} {detail.goal.title}")
    print(f"  start:   {t.planned_start or '-'}    due: {t.due or '-'}{'  LATE' if t.is_overdue(ctx.today) else ''}")
    print(f"  effort:  {format_number(t.effort_hours) + ' h' if t.effort_hours is not None else '-'}")
    if t.done_on:
        print(f"  done on: {t.done_on}")
    for label, tasks in (("waits for", detail.depends_on), ("needed by", detail.dependants)):
        for other in tasks:
            print(f"  {label}: #{other.id} {other.title} ({other.status}, due {other.due or '-'})")
    return 0


def task_detail_payload(detail: TaskDetail, today: date) -> dict[str, Any]:
    """The task document of `task show --json` (and the API's task): the task, its goal and what waits for it."""
    from headway.entrypoints.cli.jsonout import task_json

    return {
        "task": task_json(detail.task, today),
        "goal": {"id": detail.goal.id, "title": detail.goal.title},
        "dependants": [d.id for d in detail.dependants],
    }


def task_edit(args: argparse.Namespace, ctx: Context) -> int:
    from headway.domain.tasks import TaskKind, TaskStatus
    from headway.entrypoints.cli.dates import parse_user_date
    from headway.services.tasks import edit_task

    changes: dict[str, Any] = {}
    if args.title is not None:
        changes["title"] = args.title
    if args.kind is not None:
        changes["kind"] = TaskKind(args.kind)
    if args.start is not None:
        changes["planned_start"] = (
            None if args.start == "none" else parse_user_date(args.start, ctx.today, field="start")
        )
    if args.due is not None:
        changes["due"] = None if args.due == "none" else parse_user_date(args.due, ctx.today, field="due")
    if args.effort is not None:
        changes["effort_hours"] = args.effort
    if args.after:
        changes["after_add"] = args.after
    if args.not_after:
        changes["after_remove"] = args.not_after
    if args.drop:
        changes["status"] = TaskStatus.DROPPED
    if args.reopen:
        changes.update(status=TaskStatus.OPEN, done_on=None, status_reason="")
    task, diff = edit_task(ctx.uow, args.task, changes, reason=args.reason, now=ctx.now)
    if not diff:
        print(f"Task #{task.id} is unchanged.")
        return 0
    print(f"Changed task #{task.id} '{task.title}':")
    for change in diff:
        print(f"  {change.field}: {change.before} -> {change.after}")
    return 0


def task_done(args: argparse.Namespace, ctx: Context) -> int:
    from headway.entrypoints.cli.dates import parse_user_date
    from headway.services.tasks import complete_task

    on = parse_user_date(args.on, ctx.today, field="on", past=True) if args.on else ctx.today
    task = complete_task(ctx.uow, args.task, on=on, now=ctx.now, today=ctx.today)
    print(f"Done: #{task.id} '{task.title}' on {task.done_on}.")
    return 0
