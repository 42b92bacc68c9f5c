"""The review questions of a check-in: asked at the prompts when a review is due, or given by flags or JSON.

For each goal: is it still the right goal, still aligned with what matters, still realistic, and a note.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from headway.domain.errors import ValidationError
from headway.entrypoints.cli.options import goal_pairs

if TYPE_CHECKING:  # imported where used: `headway checkin` builds its parser with this module, and must start fast
    from headway.domain.goals import Goal
    from headway.domain.records import Profile
    from headway.services.tracking import ReviewDraft

QUESTIONS = {  # ReviewAnswer field: (flag, question asked at the prompt)
    "still_right": ("still-right", "Still the right goal?"),
    "still_aligned": ("still-aligned", "Still aligned with what matters to you?"),
    "still_realistic": ("still-realistic", "Still realistic?"),
}
FLAGS = (*(flag for flag, _ in QUESTIONS.values()), "review-note")
YES, NO = ("y", "yes"), ("n", "no")
HINT = "See docs/json.md for the check-in document."


def yes_no(text: str) -> bool:
    answer = text.strip().casefold()
    if answer in YES:
        return True
    if answer in NO:
        return False
    raise ValueError("Please type y or n, or Enter to skip.")


def add_flags(parser: argparse.ArgumentParser) -> None:
    """The review's options on `headway checkin` (repeat each once per goal)."""
    group = parser.add_argument_group("review questions, per goal (recorded as a review with the check-in)")
    for flag, question in QUESTIONS.values():
        group.add_argument(f"--{flag}", action="append", default=[], metavar="GOAL=y|n", help=question.lower())
    group.add_argument("--review-note", action="append", default=[], metavar="GOAL=TEXT", help="what to change")


def given(args: argparse.Namespace) -> bool:
    return any(getattr(args, flag.replace("-", "_")) for flag in FLAGS)


def from_flags(args: argparse.Namespace) -> ReviewDraft | None:
    from headway.domain.records import ReviewAnswer
    from headway.services.tracking import ReviewDraft

    answers: dict[str, dict[str, Any]] = {}
    for field, (flag, _) in QUESTIONS.items():
        for goal, raw in goal_pairs(getattr(args, field), flag):
            try:
                answers.setdefault(goal, {})[field] = yes_no(raw)
            except ValueError:
                raise ValidationError(f"--{flag} {goal}={raw}: answer y or n.", field=flag) from None
    for goal, text in goal_pairs(args.review_note, "review-note"):
        answers.setdefault(goal, {})["note"] = text
    if not answers:
        return None
    return ReviewDraft([(goal, ReviewAnswer(goal_id=0, **fields)) for goal, fields in answers.items()])


def from_json(value: Any) -> ReviewDraft:
    """The check-in document's optional "review": {"note": ..., "goals": [{"goal": 3, "still_right": true}]}."""
    from headway.domain.records import ReviewAnswer
    from headway.services.tracking import ReviewDraft

    review = _typed(value, dict, "review")
    unknown = set(review) - {"note", "goals"}
    if unknown:
        raise ValidationError(f"review: unknown field(s) {', '.join(sorted(unknown))}.", hint=HINT)
    answers: list[tuple[str, ReviewAnswer]] = []
    for i, raw in enumerate(_typed(review.get("goals", []), list, "review.goals")):
        where = f"review.goals[{i}]"
        item = _typed(raw, dict, where)
        extra = set(item) - {"goal", *QUESTIONS, "note"}
        if extra:
            raise ValidationError(f"{where}: unknown field(s) {', '.join(sorted(extra))}.", hint=HINT)
        if "goal" not in item:
            raise ValidationError(f'{where}: says nothing of which goal (add "goal": its number or title).')
        goal = _typed(item["goal"], (int, str), f"{where}.goal")
        right, aligned, realistic = (_flag(item.get(field), f"{where}.{field}") for field in QUESTIONS)
        note = _typed(item.get("note", ""), str, f"{where}.note")
        answers.append((str(goal), ReviewAnswer(0, right, aligned, realistic, note)))
    return ReviewDraft(answers, _typed(review.get("note", ""), str, "review.note"))


def _flag(value: Any, where: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    import json  # only to quote the value in the message

    raise ValidationError(f"{where} should be true, false or null, not {json.dumps(value)}.", field=where)


def _typed(value: Any, kind: Any, where: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, kind):
        names = {dict: "an object", list: "a list", str: "text"}
        expected = "a number or text" if isinstance(kind, tuple) else names[kind]
        import json  # only to quote the value in the message

        raise ValidationError(f"{where} should be {expected}, not {json.dumps(value)}.", field=where)
    return value


def ask_review(goals: list[Goal], profile: Profile, last_review: Any) -> ReviewDraft:
    """The review questions at the prompts, goal by goal; Enter skips a question."""
    from headway.domain.records import ReviewAnswer
    from headway.entrypoints.cli.checkin_prompts import ask
    from headway.services.tracking import ReviewDraft

    print()
    since = f"the last was on {last_review}" if last_review else "the first one"
    print(f"Review time ({profile.review_cadence}; {since}): is each goal still the one to pursue?")
    if profile.values:
        print(f"What matters to you: {', '.join(profile.values)}")
    answers: list[tuple[str, ReviewAnswer]] = []
    for goal in goals:
        print()
        print(f"#{goal.id} {goal.title}")
        right, aligned, realistic = (ask(f"  {question} (y/n) ", yes_no) for _, question in QUESTIONS.values())
        note = ask("  What would you change? ", str) or ""
        answers.append((str(goal.id), ReviewAnswer(goal.id or 0, right, aligned, realistic, note)))
    return ReviewDraft(answers)
