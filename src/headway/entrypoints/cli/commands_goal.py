"""`headway goal add|list|show|edit|move|status`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from headway.entrypoints.cli.options import add_json, number, subcommand

if TYPE_CHECKING:
    from headway.entrypoints.cli.main import Context

KINDS = ("career", "learning", "financial", "life")
STATUSES = ("active", "paused", "achieved", "abandoned")


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    goal = subcommand(commands, common, "goal", "add, list, show and change goals")
    actions = goal.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = subcommand(actions, common, "add", "add a goal: a title, why it matters, how it is measured, by when")
    add.add_argument("title")
    add.add_argument("--why", required=True, help="why this goal matters to you")
    add.add_argument("--kind", choices=KINDS, default="career")
    add.add_argument("--by", "--target-date", dest="target", required=True, metavar="DATE", help="target date")
    add.add_argument("--start", metavar="DATE", help="start date (default: today)")
    _measure_options(add)
    add.add_argument("--parent", metavar="GOAL", help="the larger goal this one serves")
    add.add_argument("--weight", type=number, default=1.0, help="weight in the parent's progress (default 1)")
    add.add_argument("--target-occupation", metavar="CODE", help="the O*NET occupation this goal aims at")
    add_json(add)
    add.set_defaults(handler=goal_add)

    listing = subcommand(actions, common, "list", "your goals as a tree, with progress")
    listing.add_argument("--all", action="store_true", help="include achieved and abandoned goals")
    add_json(listing)
    listing.set_defaults(handler=goal_list)

    show = subcommand(actions, common, "show", "one goal: its measure, progress, sub-goals and plan")
    show.add_argument("goal", metavar="GOAL", help="number (3 or #3) or part of the title")
    add_json(show)
    show.set_defaults(handler=goal_show)

    edit = subcommand(actions, common, "edit", "change a goal; a new title, target date or measure needs --reason")
    edit.add_argument("goal", metavar="GOAL")
    edit.add_argument("--title")
    edit.add_argument("--why")
    edit.add_argument("--kind", choices=KINDS)
    edit.add_argument("--start", metavar="DATE")
    edit.add_argument("--by", "--target-date", dest="target", metavar="DATE")
    _measure_options(edit)
    edit.add_argument("--milestones", action="store_true", help="measure by milestones instead of a number")
    edit.add_argument("--weight", type=number)
    edit.add_argument("--target-occupation", metavar="CODE", help="the O*NET occupation it aims at ('none' clears)")
    edit.add_argument("--reason", default="", help="why the goal changed (kept in its history)")
    add_json(edit)
    edit.set_defaults(handler=goal_edit)

    move = subcommand(actions, common, "move", "put a goal under another goal, or at the top level")
    move.add_argument("goal", metavar="GOAL")
    where = move.add_mutually_exclusive_group(required=True)
    where.add_argument("--under", metavar="PARENT")
    where.add_argument("--top", action="store_true", help="make it a top-level goal")
    move.add_argument("--reason", default="")
    move.set_defaults(handler=goal_move)

    status = subcommand(actions, common, "status", "set a goal active, paused, achieved or abandoned")
    status.add_argument("goal", metavar="GOAL")
    status.add_argument("status", choices=STATUSES)
    status.add_argument("--reason", default="", help="required for achieved and abandoned")
    status.set_defaults(handler=goal_status)


def _measure_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("a numeric measure (leave out to measure by milestones)")
    group.add_argument("--metric", help="what is measured, e.g. salary, certifications")
    group.add_argument("--unit", default=None, help="e.g. USD, hours (optional)")
    group.add_argument("--from", dest="start_value", type=number, metavar="N", help="start value")
    group.add_argument("--to", dest="target_value", type=number, metavar="N", help="target value")
    group.add_argument("--direction", choices=("increase", "decrease"), help="inferred from --from and --to")


def _numeric(args: argparse.Namespace, base: Any = None) -> Any:
    """The numeric measure the flags describe, starting from `base` for an edit; None if none given."""
    from headway.domain.errors import ValidationError
    from headway.domain.goals import Direction, NumericMeasure, numeric_measure

    given = [args.metric, args.unit, args.start_value, args.target_value, args.direction]
    if all(v is None for v in given):
        return None
    old = base if isinstance(base, NumericMeasure) else None
    metric = args.metric or (old.metric if old else None)
    start = args.start_value if args.start_value is not None else (old.start if old else None)
    target = args.target_value if args.target_value is not None else (old.target if old else None)
    if metric is None or start is None or target is None:
        raise ValidationError(
            "A numeric measure needs --metric, --from and --to.",
            field="metric",
            hint="For example: --metric salary --unit USD --from 62000 --to 85000",
        )
    unit = args.unit if args.unit is not None else (old.unit if old else "")
    direction = Direction(args.direction) if args.direction else None
    return numeric_measure(metric, unit, start, target, direction)


def goal_add(args: argparse.Namespace, ctx: Context) -> int:
    from headway.domain.goals import GoalKind, MilestoneMeasure
    from headway.entrypoints.cli.dates import parse_user_date
    from headway.services.goals import add_goal, show_goal

    measure = _numeric(args) or MilestoneMeasure()
    occupation = ctx.catalog.occupation(args.target_occupation).code if args.target_occupation else None
    goal = add_goal(
        ctx.uow,
        title=args.title,
        why=args.why,
        kind=GoalKind(args.kind),
        measure=measure,
        start_date=parse_user_date(args.start, ctx.today, field="start") if args.start else ctx.today,
        target_date=parse_user_date(args.target, ctx.today, field="target_date"),
        parent=args.parent,
        weight=args.weight,
        target_occupation=occupation,
        now=ctx.now,
    )
    if args.json:
        from headway.entrypoints.cli.jsonout import emit, goal_json

        view = show_goal(ctx.uow, str(goal.id)).view
        emit("goal", {"goal": goal_json(view.goal, view.progress, ctx.today)})
        return 0
    print(f"Added goal #{goal.id} '{goal.title}', {goal.measure.describe()}, by {goal.target_date}.")
    if occupation:
        print(f"Next: `headway plan generate {goal.id}` proposes milestones from your skill gap to {occupation}.")
    else:
        print(f'Next: plan it with `headway task add {goal.id} "First milestone" --milestone --due DATE`.')
    return 0


def goal_list(args: argparse.Namespace, ctx: Context) -> int:
    from headway.entrypoints.cli.render import bar, days, progress_text
    from headway.services.goals import list_goals

    views = list_goals(ctx.uow, include_closed=args.all)
    if args.json:
        from headway.entrypoints.cli.jsonout import emit, goal_json

        emit("goal_list", {"goals": [goal_json(v.goal, v.progress, ctx.today) for v in views]})
        return 0
    if not views:
        print('No goals yet. Add one: headway goal add "Become a sales manager" --why "..." --by 2028-12-31')
        return 0
    depth: dict[int | None, int] = {}
    for view in views:
        g = view.goal
        level = depth.get(g.parent_id, -1) + 1 if g.parent_id in depth else 0
        depth[g.id] = level
        state = "" if g.status == "active" else f" [{g.status}]"
        print(f"{'  ' * level}#{g.id} {g.title}{state}")
        print(
            f"{'  ' * level}   [{bar(view.progress.fraction)}] {view.progress.percent:3d}%  "
            f"{progress_text(g, view.progress)}  target {g.target_date} ({days(g.days_left(ctx.today))})"
        )
    return 0


def goal_show(args: argparse.Namespace, ctx: Context) -> int:
    from headway.entrypoints.cli.render import bar, days, progress_text, table, task_row
    from headway.services.goals import show_goal
    from headway.services.skills import goal_wage_position, target_occupation_of

    detail = show_goal(ctx.uow, args.goal)
    g, p = detail.view.goal, detail.view.progress
    code = target_occupation_of(ctx.uow, g.id)
    position = goal_wage_position(ctx.catalog, g, code) if code else None
    if args.json:
        from headway.entrypoints.cli.jsonout import emit, goal_detail_json

        title = ctx.catalog.titles.get(code) if code else None
        emit("goal", goal_detail_json(detail, code, title, position, ctx.today))
        return 0
    print(f"#{g.id} {g.title}")
    print(f"  why:      {g.why or '-'}")
    print(f"  kind:     {g.kind}    status: {g.status}{' (' + g.status_reason + ')' if g.status_reason else ''}")
    print(f"  measure:  {g.measure.describe()}")
    print(f"  span:     {g.start_date} -> {g.target_date} ({days(g.days_left(ctx.today))})")
    print(f"  progress: [{bar(p.fraction)}] {p.percent}%  {progress_text(g, p)}")
    if code:
        print(f"  aims at:  {code} {ctx.catalog.titles.get(code, '')} (headway gap --target {code})")
    if position:
        print(f"  target pay {position.amount:,.0f} is {position.phrase} of {position.occupation.title} (BLS OEWS)")
    if detail.parent:
        print(f"  serves:   #{detail.parent.id} {detail.parent.title}")
    if detail.children:
        print("Sub-goals:")
        for child in detail.children:
            print(f"  #{child.goal.id} {child.goal.title}  {child.progress.percent}%  [{child.goal.status}]")
    print("Plan:" if detail.tasks else "Plan: no milestones or tasks yet.")
    for line in table([task_row(t, ctx.today) for t in detail.tasks], indent="  "):
        print(line)
    return 0


def _goal_changes(args: argparse.Namespace, ctx: Context) -> dict[str, Any]:
    """The fields `goal edit` was asked to change."""
    from headway.domain.goals import GoalKind, MilestoneMeasure
    from headway.entrypoints.cli.dates import parse_user_date
    from headway.services.goals import show_goal

    changes: dict[str, Any] = {}
    if args.title is not None:
        changes["title"] = args.title
    if args.why is not None:
        changes["why"] = args.why
    if args.kind is not None:
        changes["kind"] = GoalKind(args.kind)
    if args.start is not None:
        changes["start_date"] = parse_user_date(args.start, ctx.today, field="start")
    if args.target is not None:
        changes["target_date"] = parse_user_date(args.target, ctx.today, field="target_date")
    if args.weight is not None:
        changes["weight"] = args.weight
    if args.milestones:
        changes["measure"] = MilestoneMeasure()
    elif any(v is not None for v in (args.metric, args.unit, args.start_value, args.target_value, args.direction)):
        changes["measure"] = _numeric(args, show_goal(ctx.uow, args.goal).view.goal.measure)
    return changes


def goal_edit(args: argparse.Namespace, ctx: Context) -> int:
    changes = _goal_changes(args, ctx)
    if args.target_occupation is None:
        from headway.services.goals import edit_goal

        goal, diff = edit_goal(ctx.uow, args.goal, changes, reason=args.reason, now=ctx.now)
    else:
        from headway.services.skills import edit_goal_and_occupation

        goal, diff = edit_goal_and_occupation(
            ctx.uow, ctx.catalog, args.goal, changes, occupation=args.target_occupation, reason=args.reason, now=ctx.now
        )
    if args.json:
        from headway.entrypoints.cli.jsonout import emit

        emit("goal_edit", {"goal_id": goal.id, "changes": [c.__dict__ for c in diff], "reason": args.reason})
        return 0
    if not diff:
        print(f"Goal #{goal.id} is unchanged.")
        return 0
    print(f"Changed goal #{goal.id} '{goal.title}':")
    for change in diff:
        print(f"  {change.field}: {change.before} -> {change.after}")
    if args.reason:
        print(f"  reason: {args.reason}")
    return 0


def goal_move(args: argparse.Namespace, ctx: Context) -> int:
    from headway.services.goals import move_goal

    goal = move_goal(ctx.uow, args.goal, None if args.top else args.under, reason=args.reason, now=ctx.now)
    where = "is now a top-level goal" if goal.parent_id is None else f"now serves goal #{goal.parent_id}"
    print(f"Goal #{goal.id} '{goal.title}' {where}.")
    return 0


def goal_status(args: argparse.Namespace, ctx: Context) -> int:
    from headway.domain.goals import GoalStatus
    from headway.services.goals import set_goal_status

    goal = set_goal_status(ctx.uow, args.goal, GoalStatus(args.status), reason=args.reason, now=ctx.now)
    print(f"Goal #{goal.id} '{goal.title}' is {goal.status}.")
    return 0
