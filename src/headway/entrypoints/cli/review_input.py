"""The review questions of a check-in: asked at the prompts when a review is due, or given by flags or JSON.

For each goal: is it still the right goal, still aligned with what matters, still realistic, and a note.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from headway.domain.errors import ValidationError
from headway.entrypoints.cli.options import goal_pairs

if TYPE_CHECKING:  # imported where used: `headway checkin` builds its parser with this module, and must start fast
    from datetime import date

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
MAX_DATE_TEXT = 100  # characters: longer is no date
MAX_ID = 2**63 - 1  # the databases' largest id: a larger number names nothing (and no driver would take it)


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


def from_json(value: Any, where: str = "review") -> ReviewDraft:
    """The check-in document's optional "review": {"note": ..., "goals": [{"goal": 3, "still_right": true}]}.

    `where` names the object in messages and error fields: "review" inside a check-in, "" for a review on its own.
    """
    from headway.domain.records import ReviewAnswer
    from headway.services.tracking import ReviewDraft

    review = _typed(value, dict, where or "review")
    _refuse_unknown(review, {"note", "goals"}, where)
    answers: list[tuple[str, ReviewAnswer]] = []
    for i, raw in enumerate(_typed(review.get("goals", []), list, _at(where, "goals"))):
        item_at = _at(where, f"goals[{i}]")
        item = _typed(raw, dict, item_at)
        _refuse_unknown(item, {"goal", *QUESTIONS, "note"}, item_at)
        if "goal" not in item:
            raise ValidationError(
                f'{item_at}: says nothing of which goal (add "goal": its number or title).', field=f"{item_at}.goal"
            )
        goal = reference(item["goal"], f"{item_at}.goal")
        right, aligned, realistic = (_flag(item.get(field), f"{item_at}.{field}") for field in QUESTIONS)
        note = _typed(item.get("note", ""), str, f"{item_at}.note")
        answers.append((goal, ReviewAnswer(0, right, aligned, realistic, note)))
    return ReviewDraft(answers, _typed(review.get("note", ""), str, _at(where, "note")))


def review_from_document(doc: Any, *, today: date) -> tuple[date, ReviewDraft]:
    """A review on its own (the API's POST /reviews): the check-in document's "review" object, with an optional
    "date" (default today) as the check-in's."""
    if not isinstance(doc, dict):
        raise ValidationError("The review must be a JSON object.", hint=HINT)
    on = document_date(doc["date"], today) if "date" in doc else today
    return on, from_json({k: v for k, v in doc.items() if k != "date"}, "")


def document_date(value: Any, today: date) -> date:
    """A document's "date": YYYY-MM-DD, or a phrase such as 'yesterday' read as a past day."""
    from headway.entrypoints.cli.dates import parse_user_date

    text = _typed(value, str, "date")
    if len(text) > MAX_DATE_TEXT:  # no date phrase is this long: refuse it before dateparser reads it all
        raise ValidationError(f"date: {text[:40]!r}... is not a date Headway understands.", field="date")
    return parse_user_date(text, today, field="date", past=True)


def _at(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def _refuse_unknown(item: dict[str, Any], known: set[str], where: str) -> None:
    unknown = sorted(set(item) - known)
    if unknown:
        names = ", ".join(unknown)
        message = f"{where}: unknown field(s) {names}." if where else f"Unknown field(s) in the review: {names}."
        raise ValidationError(message, field=_at(where, unknown[0]), hint=HINT)


def reference(value: Any, where: str) -> str:
    """A goal or task as a document names it: its number, or text (a number, or part of its title)."""
    ref = str(_typed(value, (int, str), where)).strip()
    number = ref.removeprefix("#")
    if not ref or (number.isdigit() and not 1 <= int(number) <= MAX_ID) or (isinstance(value, int) and value < 1):
        import json  # only to quote the value in the message

        raise ValidationError(f"{where} should be a number from 1, or text, not {json.dumps(value)}.", field=where)
    return ref


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
