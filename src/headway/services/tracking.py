"""Use cases for the rhythms, the investment ledger, the balance ratings and the review questions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from headway.domain.balance import Balance, build_balance
from headway.domain.cadence import CadenceState
from headway.domain.cadence import cadence_state as state_of
from headway.domain.errors import ValidationError
from headway.domain.ledger import Ledger, build_ledger
from headway.domain.records import RATING_LABELS, RATING_NAMES, Profile, Review, ReviewAnswer, validate_profile
from headway.services.common import current_profile, resolve_goal
from headway.services.ports import UnitOfWork


@dataclass(frozen=True)
class ReviewDraft:
    """The review questions as answered, each answer naming its goal as the user typed it."""

    answers: Sequence[tuple[str, ReviewAnswer]] = ()
    note: str = ""

    @property
    def empty(self) -> bool:
        """Nothing answered and nothing noted: a review skipped, which stays due."""
        return not self.note.strip() and all(_blank(a) for _, a in self.answers)


def _blank(answer: ReviewAnswer) -> bool:
    flags = (answer.still_right, answer.still_aligned, answer.still_realistic)
    return all(f is None for f in flags) and not answer.note.strip()


def _last_review(uow: UnitOfWork, person: int) -> date | None:
    latest = uow.reviews.recent(person, 1)
    return latest[0].on if latest else None


def cadence_state(uow: UnitOfWork, today: date) -> CadenceState:
    """The check-in and review rhythm today: next due, maintenance due, streaks, review due."""
    with uow.read():
        profile = current_profile(uow)
        assert profile.id is not None
        days = uow.checkins.days(profile.id)
        last_review = _last_review(uow, profile.id)
    return state_of(days, last_review, profile, today)


def set_cadence(
    uow: UnitOfWork,
    *,
    checkin: str | None = None,
    review: str | None = None,
    capacity: float | None = None,
    target_hours: float | None = None,
    target_amount: float | None = None,
    now: datetime,
) -> Profile:
    """Change the rhythms, the weekly capacity or the monthly targets; None leaves each as it is.

    A target of 0 removes the target. `now` is taken like every write's clock; the profile keeps no change time.
    """
    del now
    with uow.write():
        profile = current_profile(uow)
        updated = validate_profile(
            replace(
                profile,
                checkin_cadence=profile.checkin_cadence if checkin is None else checkin,
                review_cadence=profile.review_cadence if review is None else review,
                weekly_capacity_hours=profile.weekly_capacity_hours if capacity is None else capacity,
                monthly_target_hours=profile.monthly_target_hours if target_hours is None else (target_hours or None),
                monthly_target_amount=(
                    profile.monthly_target_amount if target_amount is None else (target_amount or None)
                ),
            )
        )
        if updated != profile:
            uow.profiles.update(updated)
        return updated


def ledger(uow: UnitOfWork, today: date) -> Ledger:
    """The investment ledger: totals by week, month, category and goal, regularity, target, returns."""
    with uow.read():
        profile = current_profile(uow)
        assert profile.id is not None
        investments = uow.investments.all(profile.id)
        goal_ids = {i.goal_id for i in investments if i.goal_id is not None}
        series = uow.checkins.series(profile.id) if goal_ids else {}
        titles = {g.id: g.title for g in uow.goals.for_person(profile.id) if g.id in goal_ids} if goal_ids else {}
    return build_ledger(
        investments,
        today=today,
        currency=profile.currency,
        target_hours=profile.monthly_target_hours,
        target_amount=profile.monthly_target_amount,
        series={g: s for g, s in series.items() if g in goal_ids},
        goal_titles={g: t for g, t in titles.items() if g is not None},
    )


def balance(uow: UnitOfWork, today: date) -> Balance:
    """The four outcome ratings over time, with trends and the change since the last review."""
    with uow.read():
        profile = current_profile(uow)
        assert profile.id is not None
        history = uow.checkins.ratings_history(profile.id)
        last_review = _last_review(uow, profile.id)
    return build_balance(history, today=today, last_review=last_review)


RECENT_RATINGS = 12  # check-ins read for the dashboard's ratings: enough for each one's latest and the one before


@dataclass(frozen=True)
class RatingNow:
    """One outcome on the dashboard: its latest rating and the change since the last review (the rating then:
    the latest on or before the review's day), or else since the rating before."""

    name: str
    label: str
    value: int
    on: date
    change: int | None
    since: date | None
    since_review: bool


def ratings_now(uow: UnitOfWork) -> list[RatingNow]:
    """The dashboard's ratings from a few recent check-ins (and a few up to the last review), not the whole
    history that balance() reads: a record of years of check-ins costs the same as one of weeks."""
    with uow.read():
        profile = current_profile(uow)
        assert profile.id is not None
        recent = uow.checkins.ratings_history(profile.id, newest=RECENT_RATINGS)
        review = _last_review(uow, profile.id)
        at_review = uow.checkins.ratings_history(profile.id, newest=RECENT_RATINGS, until=review) if review else []
    found = []
    for name in RATING_NAMES:
        values = [(on, v) for on, ratings in recent if (v := getattr(ratings, name)) is not None]
        if not values:
            continue
        (on, value), before = values[-1], values[-2] if len(values) > 1 else None
        reviewed = [(d, v) for d, ratings in at_review if (v := getattr(ratings, name)) is not None]
        base = reviewed[-1] if reviewed else before
        found.append(
            RatingNow(
                name=name,
                label=RATING_LABELS[name],
                value=value,
                on=on,
                change=value - base[1] if base else None,
                since=base[0] if base else None,
                since_review=bool(reviewed),
            )
        )
    return found


def add_review_in_transaction(uow: UnitOfWork, person: int, on: date, draft: ReviewDraft, now: datetime) -> Review:
    """Resolve each answer's goal and store the review, inside the caller's write transaction."""
    answers: list[ReviewAnswer] = []
    seen: set[int] = set()
    for ref, answer in draft.answers:
        goal = resolve_goal(uow, person, ref)
        assert goal.id is not None
        if goal.id in seen:
            raise ValidationError(f"Goal #{goal.id} is reviewed twice in one review.", field="review")
        seen.add(goal.id)
        if not _blank(answer):
            answers.append(replace(answer, goal_id=goal.id, note=answer.note.strip()))
    review = Review(person_id=person, on=on, answers=tuple(answers), note=draft.note.strip(), created_at=now)
    return replace(review, id=uow.reviews.add(review))


def record_review_answers(
    uow: UnitOfWork, *, on: date, answers: Sequence[tuple[str, ReviewAnswer]], note: str, today: date, now: datetime
) -> Review:
    """Record a review on its own (a check-in records its review with `record_checkin(review=...)`)."""
    if on > today:
        raise ValidationError(f"A review cannot be dated in the future ({on}).", field="date")
    draft = ReviewDraft(answers, note)
    if draft.empty:
        raise ValidationError("A review needs at least one answer or a note.", field="review")
    with uow.write():
        return add_review_in_transaction(uow, current_profile(uow).id or 0, on, draft, now)
