"""A check-in in progress: the web app's step-by-step check-in keeps what the person has typed after every step,
so closing the tab or reloading loses nothing; finishing records the check-in (record.record_checkin) in the
transaction that deletes the draft.

The steps are each active goal (parents before children, as record.goals_to_check_in_with_progress gives them),
then the review questions when a review is due or was asked for, then the four ratings and a note. A draft holds
the fields as typed, not parsed: what does not parse yet is kept, and said beside its field when the person moves
on. The parsing is here, one function per step, each error naming the form's field.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from headway.domain.errors import ValidationError
from headway.domain.goals import NumericMeasure, format_number
from headway.domain.records import RATING_LABELS, RATING_NAMES, Ratings
from headway.services.common import person_id
from headway.services.ports import UnitOfWork

if TYPE_CHECKING:
    from headway.domain.records import CheckIn, GoalEntry
    from headway.services.goals import GoalView
    from headway.services.tracking import ReviewDraft

MAX_TEXT = 2000  # characters in one note, as the API takes them
KEPT_TEXT = 20_000  # what a draft keeps of a field typed longer still: enough to say it is too long
GOAL_FIELDS = ("value", "confidence", "went_well", "obstacles", "next_step")
GOAL_NOTES = {"went_well": "What went well", "obstacles": "What is in the way", "next_step": "The next step"}
REVIEW_QUESTIONS = ("still_right", "still_aligned", "still_realistic")
REVIEW_FIELDS = (*REVIEW_QUESTIONS, "note")
ANSWERS = {"yes": True, "no": False, "": None}


@dataclass(frozen=True)
class CheckinDraft:
    """What the person has typed so far, field by field, as text."""

    started_on: date
    reached: int = 1  # the furthest step reached (from 1): where the check-in resumes
    review: bool = False  # the review questions were asked for, though no review is due
    goals: Mapping[int, Mapping[str, str]] = field(default_factory=dict)  # goal id -> GOAL_FIELDS -> text
    done: frozenset[int] = frozenset()  # tasks ticked as finished since the last check-in
    answers: Mapping[int, Mapping[str, str]] = field(default_factory=dict)  # goal id -> REVIEW_FIELDS -> text
    review_note: str = ""
    ratings: Mapping[str, str] = field(default_factory=dict)  # RATING_NAMES -> text
    note: str = ""
    updated_at: datetime | None = None

    def to_json(self) -> str:
        return json.dumps(
            {
                "started_on": self.started_on.isoformat(),
                "reached": self.reached,
                "review": self.review,
                "goals": {str(k): dict(v) for k, v in self.goals.items()},
                "done": sorted(self.done),
                "answers": {str(k): dict(v) for k, v in self.answers.items()},
                "review_note": self.review_note,
                "ratings": dict(self.ratings),
                "note": self.note,
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str, updated_at: datetime | None = None) -> CheckinDraft | None:
        """The draft stored as `text`; None for a document this version cannot read (the person starts afresh)."""
        try:
            doc = json.loads(text)
            return cls(
                started_on=date.fromisoformat(doc["started_on"]),
                reached=max(1, int(doc.get("reached", 1))),
                review=bool(doc.get("review", False)),
                goals={int(k): _texts(v) for k, v in doc.get("goals", {}).items()},
                done=frozenset(int(t) for t in doc.get("done", [])),
                answers={int(k): _texts(v) for k, v in doc.get("answers", {}).items()},
                review_note=str(doc.get("review_note", "")),
                ratings=_texts(doc.get("ratings", {})),
                note=str(doc.get("note", "")),
                updated_at=updated_at,
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


def _texts(value: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in dict(value).items()}


@dataclass(frozen=True)
class Step:
    """One page of the check-in: a goal, the review questions (over every goal) or the ratings."""

    number: int  # from 1
    kind: str  # "goal", "review" or "ratings"
    views: tuple[GoalView, ...] = ()  # the goal, on its step; every goal, on the review's

    @property
    def view(self) -> GoalView:
        return self.views[0]


def steps(goals: Sequence[GoalView], *, review: bool) -> list[Step]:
    """The check-in's pages in order; the review questions only with goals to ask them about (as the CLI)."""
    found = [Step(i, "goal", (view,)) for i, view in enumerate(goals, start=1)]
    if review and goals:
        found.append(Step(len(found) + 1, "review", tuple(goals)))
    found.append(Step(len(found) + 1, "ratings"))
    return found


def new_draft(today: date, *, review: bool = False) -> CheckinDraft:
    return CheckinDraft(started_on=today, review=review)


# Storing


def load(uow: UnitOfWork) -> CheckinDraft | None:
    with uow.read():
        return uow.drafts.get(person_id(uow))


def save(uow: UnitOfWork, draft: CheckinDraft, *, now: datetime, create: bool = True) -> None:
    """Keep `draft`. The stored one is read again, locked, in the same transaction: the furthest step reached
    never goes back (an autosave sent beside a step's Next, from the page before it, would otherwise undo the
    step), and with create=False a draft that is gone (the check-in was recorded meanwhile) stays gone."""
    with uow.write():
        person = person_id(uow)
        stored = uow.drafts.get(person, lock=True)
        if stored is None and not create:
            return
        if stored is not None:
            draft = replace(draft, reached=max(draft.reached, stored.reached))
        uow.drafts.put(person, draft, now)


def discard(uow: UnitOfWork) -> None:
    """Start over: the draft goes, nothing else changes."""
    with uow.write():
        uow.drafts.delete(person_id(uow))


# A step's fields into the draft, as typed


def _kept(text: str) -> str:
    return text[:KEPT_TEXT]


def with_goal(
    draft: CheckinDraft,
    goal_id: int,
    fields: Mapping[str, str],
    *,
    ticked: Collection[int] = (),
    offered: Collection[int] = (),
) -> CheckinDraft:
    """A goal's step as typed: its GOAL_FIELDS, and which of the tasks `offered` on the page are ticked as done."""
    typed = {name: _kept(fields.get(name, "")) for name in GOAL_FIELDS}
    done = (draft.done - set(offered)) | (set(ticked) & set(offered))
    return replace(draft, goals={**draft.goals, goal_id: typed}, done=frozenset(done))


def with_review(draft: CheckinDraft, goal_ids: Sequence[int], fields: Mapping[str, str]) -> CheckinDraft:
    """The review's step as typed: per goal, fields named like `still_right-3`, and the review's `review_note`."""
    answers = dict(draft.answers)
    for goal_id in goal_ids:
        answers[goal_id] = {name: _kept(fields.get(f"{name}-{goal_id}", "")) for name in REVIEW_FIELDS}
    return replace(draft, answers=answers, review_note=_kept(fields.get("review_note", "")))


def with_ratings(draft: CheckinDraft, fields: Mapping[str, str]) -> CheckinDraft:
    ratings = {name: _kept(fields.get(name, "")) for name in RATING_NAMES}
    return replace(draft, ratings=ratings, note=_kept(fields.get("note", "")))


# Parsing what was typed, each error naming its field


def _text(value: str, where: str, what: str) -> str:
    if len(value) > MAX_TEXT:
        raise ValidationError(f"{what} is {len(value):,} characters long; keep it under {MAX_TEXT:,}.", field=where)
    return value.strip()


def _whole(value: str, where: str, low: int, high: int, what: str) -> int | None:
    text = value.strip()
    if not text:
        return None
    if not text.isdigit() or not low <= int(text) <= high:
        raise ValidationError(f"{what} is {text[:20]}; choose from {low} to {high}, or leave it out.", field=where)
    return int(text)


def goal_entry(view: GoalView, typed: Mapping[str, str]) -> GoalEntry:
    """A goal's step as record_checkin takes it: a numeric goal's value, the confidence and the three notes."""
    from headway.domain.records import GoalEntry

    goal = view.goal
    assert goal.id is not None
    value = None
    raw = typed.get("value", "").strip()
    if raw and isinstance(goal.measure, NumericMeasure):
        try:
            value = float(raw.replace(",", "").replace("_", ""))
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            example = goal.current_value if goal.current_value is not None else goal.measure.target
            raise ValidationError(
                f"{raw[:40]!r} is not a number: type one such as {format_number(example)}, or leave it empty.",
                field="value",
            )
    confidence = _whole(typed.get("confidence", ""), "confidence", 1, 5, "Confidence")
    notes = {name: _text(typed.get(name, ""), name, what) for name, what in GOAL_NOTES.items()}
    return GoalEntry(
        goal_id=goal.id,
        value=value,
        confidence=confidence,
        went_well=notes["went_well"],
        obstacles=notes["obstacles"],
        next_step=notes["next_step"],
    )


def review_of(draft: CheckinDraft, goals: Sequence[GoalView]) -> ReviewDraft:
    """The review step as record_checkin takes it: per goal, yes, no or no answer to each question, and a note."""
    from headway.domain.records import ReviewAnswer
    from headway.services.tracking import ReviewDraft

    answers = []
    for view in goals:
        goal_id = view.goal.id
        assert goal_id is not None
        typed = draft.answers.get(goal_id, {})
        flags = []
        for name in REVIEW_QUESTIONS:
            text = typed.get(name, "").strip().casefold()
            if text not in ANSWERS:
                raise ValidationError("Answer yes or no, or leave it unanswered.", field=f"{name}-{goal_id}")
            flags.append(ANSWERS[text])
        note = _text(typed.get("note", ""), f"note-{goal_id}", "What you would change")
        answers.append((str(goal_id), ReviewAnswer(goal_id, flags[0], flags[1], flags[2], note)))
    return ReviewDraft(answers, _text(draft.review_note, "review_note", "The review's note"))


def ratings_of(draft: CheckinDraft) -> Ratings:
    scores = {}
    for name in RATING_NAMES:
        text = draft.ratings.get(name, "").strip()
        if text and (not text.isdigit() or not 1 <= int(text) <= 10):  # the domain's words, beside the field
            raise ValidationError(f"{RATING_LABELS[name]} is rated {text[:20]}; ratings go from 1 to 10.", field=name)
        scores[name] = int(text) if text else None
    return Ratings(**scores)


def check_step(draft: CheckinDraft, step: Step) -> None:
    """Raise the first ValidationError in what the step's fields hold."""
    if step.kind == "goal":
        goal_id = step.view.goal.id
        assert goal_id is not None
        goal_entry(step.view, draft.goals.get(goal_id, {}))
    elif step.kind == "review":
        review_of(draft, step.views)
    else:
        ratings_of(draft)
        _text(draft.note, "note", "The note")


def finish(uow: UnitOfWork, draft: CheckinDraft, plan: Sequence[Step], *, today: date, now: datetime) -> CheckIn:
    """Record the draft as today's check-in and delete it, in one transaction: all of it, or nothing.

    Every goal of the plan gets an entry (a milestone goal's progress comes from its plan, and is kept with the
    entry); the tasks ticked are marked done today, but for those done or dropped elsewhere meanwhile.
    """
    from headway.domain.tasks import TaskStatus
    from headway.services.record import record_checkin

    entries = []
    for step in plan:
        if step.kind == "goal":
            goal_id = step.view.goal.id
            assert goal_id is not None
            entries.append((str(goal_id), goal_entry(step.view, draft.goals.get(goal_id, {}))))
    review_step = next((s for s in plan if s.kind == "review"), None)
    review = review_of(draft, review_step.views) if review_step is not None else None
    ratings = ratings_of(draft)
    note = _text(draft.note, "note", "The note")
    with uow.write():
        person = person_id(uow)
        still_open = [t for t in uow.tasks.get_many(person, draft.done) if t.status == TaskStatus.OPEN]
        checkin = record_checkin(
            uow,
            on=today,
            ratings=ratings,
            note=note,
            entries=entries,
            completed=[str(t.id) for t in still_open],
            review=review,
            today=today,
            now=now,
        )
        uow.drafts.delete(person)
    return checkin
