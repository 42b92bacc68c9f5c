"""`headway checkin`: the regular check-in, interactive, by flags, or as JSON on standard input."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from headway.domain.errors import ValidationError
from headway.entrypoints.cli.options import add_json, goal_pairs, positive_int, subcommand

if TYPE_CHECKING:
    from datetime import date

    from headway.domain.records import GoalEntry, Ratings
    from headway.entrypoints.cli.main import Context
    from headway.services.tracking import ReviewDraft

T = TypeVar("T")
RATING_FLAGS = ("fulfilment", "balance", "achievement", "financial")
HINT = "See docs/json.md for the check-in document."


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    checkin = subcommand(
        commands,
        common,
        "checkin",
        "the regular check-in: each active goal, then four ratings. Interactive unless flags or --stdin are given",
    )
    checkin.add_argument("--date", metavar="DATE", help="the check-in's date (default: today)")
    checkin.add_argument("--stdin", action="store_true", help="read the check-in as JSON from standard input")
    per_goal = checkin.add_argument_group("per goal (repeat for each goal; GOAL is a number or part of a title)")
    per_goal.add_argument("--value", action="append", default=[], metavar="GOAL=N", help="a numeric goal's value")
    per_goal.add_argument("--confidence", action="append", default=[], metavar="GOAL=1-5")
    per_goal.add_argument("--went-well", action="append", default=[], metavar="GOAL=TEXT")
    per_goal.add_argument("--obstacle", action="append", default=[], metavar="GOAL=TEXT", help="what is in the way")
    per_goal.add_argument("--next-step", action="append", default=[], metavar="GOAL=TEXT")
    per_goal.add_argument("--done", action="append", default=[], metavar="TASK", help="a task finished since")
    ratings = checkin.add_argument_group("ratings, 1-10")
    for name in RATING_FLAGS:
        ratings.add_argument(f"--{name}", type=int, metavar="N")
    checkin.add_argument("--note", default="", help="anything else worth writing down")
    from headway.entrypoints.cli import review_input

    review_input.add_flags(checkin)
    add_json(checkin)
    checkin.set_defaults(handler=cmd_checkin)

    checkins = subcommand(commands, common, "checkins", "the latest check-ins")
    checkins.add_argument("--limit", type=positive_int, default=10)
    add_json(checkins)
    checkins.set_defaults(handler=cmd_checkins)


def cmd_checkin(args: argparse.Namespace, ctx: Context) -> int:
    from headway.entrypoints.cli.dates import parse_user_date
    from headway.services.record import record_checkin

    on = parse_user_date(args.date, ctx.today, field="date", past=True) if args.date else ctx.today
    flags_given = any(getattr(args, n) for n in ("value", "confidence", "went_well", "obstacle", "next_step", "done"))
    flags_given = flags_given or args.note != "" or any(getattr(args, n) is not None for n in RATING_FLAGS)
    from headway.entrypoints.cli import review_input

    review = None
    if args.stdin:
        ratings, note, entries, done, on, review = _from_json(sys.stdin.read(), on, ctx)
    elif flags_given or review_input.given(args):
        ratings, note, entries, done = _from_flags(args)
        review = review_input.from_flags(args)
    else:
        ratings, note, entries, done, review = _interactive(ctx, on)
    checkin = record_checkin(
        ctx.uow,
        on=on,
        ratings=ratings,
        note=note,
        entries=entries,
        completed=done,
        review=review,
        today=ctx.today,
        now=ctx.now,
    )
    if args.json:
        from headway.entrypoints.cli.jsonout import checkin_json, emit

        emit("checkin", {"checkin": checkin_json(checkin)})
        return 0
    rated = [f"{k} {v}" for k, v in checkin.ratings.as_dict().items() if v is not None]
    print(
        f"Saved check-in #{checkin.id} for {checkin.on}: {len(checkin.entries)} goal(s)"
        + (f", {len(done)} task(s) done" if done else "")
        + (f"; {', '.join(rated)}." if rated else ".")
    )
    if review is not None and not review.empty:
        print(f"Recorded the review with it: {len(review.answers)} goal(s) reconsidered.")
    return 0


def _from_flags(args: argparse.Namespace) -> tuple[Ratings, str, list[tuple[str, GoalEntry]], list[str]]:
    from dataclasses import replace

    from headway.domain.records import GoalEntry, Ratings
    from headway.entrypoints.cli.options import number

    entries: dict[str, GoalEntry] = {}

    def entry(goal: str) -> GoalEntry:
        return entries.setdefault(goal, GoalEntry(goal_id=0))

    for goal, raw in goal_pairs(args.value, "value"):
        entries[goal] = replace(entry(goal), value=_convert(number, raw, f"--value {goal}"))
    for goal, raw in goal_pairs(args.confidence, "confidence"):
        entries[goal] = replace(entry(goal), confidence=_convert(int, raw, f"--confidence {goal}"))
    for goal, text in goal_pairs(args.went_well, "went-well"):
        entries[goal] = replace(entry(goal), went_well=text)
    for goal, text in goal_pairs(args.obstacle, "obstacle"):
        entries[goal] = replace(entry(goal), obstacles=text)
    for goal, text in goal_pairs(args.next_step, "next-step"):
        entries[goal] = replace(entry(goal), next_step=text)
    ratings = Ratings(*(getattr(args, name) for name in RATING_FLAGS))
    return ratings, args.note, list(entries.items()), list(args.done)


def _convert(parse: Callable[[str], T], raw: str, what: str) -> T:
    try:
        return parse(raw)
    except (ValueError, argparse.ArgumentTypeError):
        raise ValidationError(f"{what}: {raw!r} is not a number.", field=what) from None


def _from_json(
    text: str, on: date, ctx: Context
) -> tuple[Ratings, str, list[tuple[str, GoalEntry]], list[str], date, ReviewDraft | None]:
    import json

    try:
        doc = json.loads(text, parse_float=_finite, parse_constant=_finite)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"The check-in on standard input is not JSON: {exc}.", hint=HINT) from None
    return checkin_from_document(doc, on=on, today=ctx.today)


def checkin_from_document(
    doc: Any, *, on: date, today: date
) -> tuple[Ratings, str, list[tuple[str, GoalEntry]], list[str], date, ReviewDraft | None]:
    """The check-in document (docs/json/checkin-input.schema.json) as record_checkin takes it, checked field by
    field, each error naming its field: what `headway checkin --stdin` reads and the API's POST /checkins takes.

    `on` is the date when the document gives none. Returns (ratings, note, entries, done, date, review).
    """
    from headway.domain.records import RATING_LABELS, GoalEntry, Ratings
    from headway.entrypoints.cli.review_input import document_date, reference
    from headway.entrypoints.cli.review_input import from_json as review_from_json

    if not isinstance(doc, dict):
        raise ValidationError("The check-in must be a JSON object.", hint=HINT)
    _refuse_unknown(doc, {"date", "ratings", "note", "goals", "done", "review"}, "")
    if "date" in doc:
        on = document_date(doc["date"], today)
    raw_ratings = _typed(doc.get("ratings", {}), dict, "ratings")
    bad = sorted(set(raw_ratings) - set(RATING_FLAGS))
    if bad:
        raise ValidationError(
            f"Unknown rating(s): {', '.join(bad)}; use {', '.join(RATING_FLAGS)}.", field=f"ratings.{bad[0]}"
        )
    scores = {k: _typed(v, int, f"ratings.{k}", optional=True) for k, v in raw_ratings.items()}
    for name, score in scores.items():
        if score is not None and not 1 <= score <= 10:  # the domain's words, naming the field of the document
            raise ValidationError(
                f"{RATING_LABELS[name]} is rated {score}; ratings go from 1 to 10.", field=f"ratings.{name}"
            )
    entries: list[tuple[str, GoalEntry]] = []
    for i, raw_item in enumerate(_typed(doc.get("goals", []), list, "goals")):
        where = f"goals[{i}]"
        item = _typed(raw_item, dict, where)
        _refuse_unknown(item, {"goal", "value", "confidence", "went_well", "obstacles", "next_step"}, where)
        if "goal" not in item:
            raise ValidationError(
                f'{where}: says nothing of which goal (add "goal": its number or title).', field=f"{where}.goal"
            )
        goal = reference(item["goal"], f"{where}.goal")
        value = item.get("value")
        if value is not None:
            value = _finite_number(_typed(value, (int, float), f"{where}.value"), f"{where}.value")
        confidence = _typed(item.get("confidence"), int, f"{where}.confidence", optional=True)
        if confidence is not None and not 1 <= confidence <= 5:
            label = f"#{goal.lstrip('#')}" if goal.lstrip("#").isdigit() else repr(goal)
            raise ValidationError(
                f"Confidence for goal {label} is {confidence}; it goes from 1 to 5.", field=f"{where}.confidence"
            )
        entries.append(
            (
                goal,
                GoalEntry(
                    goal_id=0,
                    value=value,
                    confidence=confidence,
                    went_well=_typed(item.get("went_well", ""), str, f"{where}.went_well"),
                    obstacles=_typed(item.get("obstacles", ""), str, f"{where}.obstacles"),
                    next_step=_typed(item.get("next_step", ""), str, f"{where}.next_step"),
                ),
            )
        )
    done = [reference(t, f"done[{i}]") for i, t in enumerate(_typed(doc.get("done", []), list, "done"))]
    review = review_from_json(doc["review"]) if "review" in doc else None
    return Ratings(**scores), _typed(doc.get("note", ""), str, "note"), entries, done, on, review


def _refuse_unknown(doc: dict[str, Any], known: set[str], where: str) -> None:
    unknown = sorted(set(doc) - known)
    if unknown:
        names = ", ".join(unknown)
        message = f"{where}: unknown field(s) {names}." if where else f"Unknown field(s) in the check-in: {names}."
        raise ValidationError(message, field=f"{where}.{unknown[0]}" if where else unknown[0], hint=HINT)


def _finite(text: str) -> float:
    """Python's json reads NaN, Infinity and 1e400 (infinite), which no JSON output can hold: refuse them."""
    value = float(text)
    if not math.isfinite(value):
        raise ValidationError(f"The check-in on standard input holds {text}, which is not a finite number.")
    return value


def _finite_number(value: float, where: str) -> float:
    """A number the document holds; NaN and infinities arrive here when a JSON reader other than _from_json's
    (the API's) let them through."""
    try:
        number = float(value)
    except OverflowError:
        raise ValidationError(f"{where} holds {value}, which is too large a number.", field=where) from None
    if not math.isfinite(number):
        raise ValidationError(f"{where} holds {value}, which is not a finite number.", field=where)
    return number


def _typed(value: Any, kind: Any, where: str, *, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, kind):
        names = {dict: "an object", list: "a list", str: "text", int: "a whole number"}
        if isinstance(kind, tuple):  # (int, float) is a number; (int, str) a task's number or title
            expected = "a number or text" if str in kind else "a number"
        else:
            expected = names.get(kind, "a number")
        import json  # only to quote the value in the message

        raise ValidationError(f"{where} should be {expected}, not {json.dumps(value)}.", field=where)
    return value


def _interactive(
    ctx: Context, on: Any
) -> tuple[Ratings, str, list[tuple[str, GoalEntry]], list[str], ReviewDraft | None]:
    from headway.entrypoints.cli.checkin_prompts import walk_through

    return walk_through(ctx, on)


def cmd_checkins(args: argparse.Namespace, ctx: Context) -> int:
    from headway.services.record import recent_checkins

    checkins = recent_checkins(ctx.uow, args.limit)
    if args.json:
        from headway.entrypoints.cli.jsonout import checkin_json, emit

        emit("checkin_list", {"checkins": [checkin_json(c) for c in checkins]})
        return 0
    if not checkins:
        print("No check-ins yet: headway checkin")
        return 0
    for c in checkins:
        rated = ", ".join(f"{k} {v}" for k, v in c.ratings.as_dict().items() if v is not None)
        print(f"{c.on}  #{c.id}  {len(c.entries)} goal(s)  {rated}")
        if c.note:
            print(f"            {c.note}")
    return 0
