"""The interactive check-in: one goal at a time, then the four ratings. Nothing is saved until the end."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from headway.domain.goals import NumericMeasure, format_number
from headway.domain.records import RATING_LABELS, RATING_NAMES, GoalEntry, Ratings
from headway.domain.tasks import TaskStatus
from headway.entrypoints.cli.render import bar

if TYPE_CHECKING:
    from headway.entrypoints.cli.main import Context
    from headway.services.tracking import ReviewDraft

T = TypeVar("T")


def ask(question: str, parse: Callable[[str], T]) -> T | None:
    """Ask until the answer parses; an empty answer skips. End of input stops the check-in unsaved."""
    while True:
        try:
            answer = input(question).strip()
        except EOFError:
            raise KeyboardInterrupt from None
        if not answer:
            return None
        try:
            return parse(answer)
        except ValueError as exc:
            print(f"  {exc}")


def in_range(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise ValueError(f"Please type a whole number from {low} to {high}, or Enter to skip.") from None
        if not low <= value <= high:
            raise ValueError(f"{value} is outside {low}-{high}; please type a number from {low} to {high}.")
        return value

    return parse


def parse_number(text: str) -> float:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        raise ValueError(f"{text!r} is not a number; type one such as 68000, or Enter to skip.") from None


def task_numbers(allowed: set[int]) -> Callable[[str], list[int]]:
    def parse(text: str) -> list[int]:
        chosen = []
        for part in text.replace(" ", ",").split(","):
            if not part:
                continue
            number = int(part.lstrip("#")) if part.lstrip("#").isdigit() else None
            if number not in allowed:
                raise ValueError(f"{part!r} is not one of the open tasks listed; type their numbers, e.g. 5,7.")
            chosen.append(number)
        return chosen

    return parse


def walk_through(
    ctx: Context, on: date
) -> tuple[Ratings, str, list[tuple[str, GoalEntry]], list[str], ReviewDraft | None]:
    from headway.services.goals import list_goals, show_goal
    from headway.services.record import get_profile
    from headway.services.tracking import cadence_state

    views = [v for v in list_goals(ctx.uow) if v.goal.status == "active"]
    print(f"Check-in for {on}: {len(views)} active goal(s). Enter skips a question; Ctrl-C stops without saving.")
    entries: list[tuple[str, GoalEntry]] = []
    done: list[str] = []
    for index, view in enumerate(views, start=1):
        goal = view.goal
        print()
        print(f"Goal {index} of {len(views)}: #{goal.id} {goal.title}")
        print(f"  [{bar(view.progress.fraction)}] {view.progress.percent}%, target {goal.target_date}")
        value = None
        if isinstance(goal.measure, NumericMeasure):
            m = goal.measure
            current = goal.current_value if goal.current_value is not None else m.start
            unit = f" ({m.unit})" if m.unit else ""
            value = ask(f"  {m.metric} now{unit} [{format_number(current)}]: ", parse_number)
        open_tasks = [t for t in show_goal(ctx.uow, str(goal.id)).tasks if t.status == TaskStatus.OPEN][:6]
        if open_tasks:
            print("  Open tasks: " + "; ".join(f"#{t.id} {t.title}" for t in open_tasks))
            finished = ask(
                "  Finished any? Their numbers, comma-separated: ",
                task_numbers({t.id for t in open_tasks if t.id}),
            )
            done.extend(str(n) for n in finished or [])
        confidence = ask("  Confidence you will reach it on time, 1-5: ", in_range(1, 5))
        went_well = ask("  What went well? ", str) or ""
        obstacles = ask("  What is in the way? ", str) or ""
        next_step = ask("  Next step? ", str) or ""
        entries.append(
            (
                str(goal.id),
                GoalEntry(
                    goal_id=goal.id or 0,
                    value=value,
                    confidence=confidence,
                    went_well=went_well,
                    obstacles=obstacles,
                    next_step=next_step,
                ),
            )
        )
    review = None
    rhythm = cadence_state(ctx.uow, ctx.today)
    if rhythm.review_due and views:  # the course-correction questions, at the review rhythm
        from headway.entrypoints.cli.review_input import ask_review

        review = ask_review([v.goal for v in views], get_profile(ctx.uow), rhythm.last_review)
    print()
    print("How do you stand, 1-10?")
    scores = {name: ask(f"  {RATING_LABELS[name]}: ", in_range(1, 10)) for name in RATING_NAMES}
    note = ask("Anything else to note? ", str) or ""
    return Ratings(**scores), note, entries, done, review
