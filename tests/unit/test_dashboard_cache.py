"""The dashboard's forecast cache: a stored forecast stands only while everything it was computed from does.

Each test compares the dashboard that used the cache with the one computed afresh (cache emptied, nothing
stored), on Sam's demo career: five active goals, a year of fortnightly check-ins, warnings.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from headway.domain.goals import GoalStatus, numeric_measure
from headway.domain.progress import PlanSummary
from headway.domain.records import GoalEntry, InvestmentCategory, Ratings, SeriesPoint
from headway.domain.tasks import TaskStatus
from headway.domain.warnings import GoalSignals, balance_warnings, goal_warnings
from headway.services.dashboard_cache import warning_readings
from headway.services.demo import build_demo
from headway.services.goals import edit_goal, set_goal_status
from headway.services.record import log_investment, record_checkin
from headway.services.status import Dashboard, dashboard, rated_last
from headway.services.tasks import add_task, complete_task, edit_task
from headway.services.tracking import ReviewDraft, add_review_in_transaction, set_cadence
from tests.unit.fakes import FakeUnitOfWork
from tests.unit.helpers import NOW, TODAY


@pytest.fixture
def demo() -> FakeUnitOfWork:
    fake = FakeUnitOfWork()
    build_demo(fake, today=TODAY)
    return fake


def afresh(uow: FakeUnitOfWork, today: date = TODAY) -> Dashboard:
    """The dashboard computed from nothing cached, leaving the caches as they were."""
    kept = dict(uow.tables.plan_cache), dict(uow.tables.forecast_cache), dict(uow.tables.habits_cache)
    for cache in (uow.tables.plan_cache, uow.tables.forecast_cache, uow.tables.habits_cache):
        cache.clear()
    uow.refuse_writes = True
    try:
        return dashboard(uow, today)
    finally:
        uow.refuse_writes = False
        uow.tables.plan_cache, uow.tables.forecast_cache, uow.tables.habits_cache = kept


def series_reads(uow: FakeUnitOfWork) -> list[object]:
    """Records the goals each year-of-readings query of the dashboard reads (None: all of them)."""
    calls: list[object] = []
    read = uow.checkins.series

    def counting(
        person_id: int, since: date | None = None, goal_ids: Collection[int] | None = None
    ) -> dict[int, list[SeriesPoint]]:
        calls.append(None if goal_ids is None else sorted(goal_ids))
        return read(person_id, since, goal_ids)

    uow.checkins.series = counting  # type: ignore[method-assign]
    return calls


def active_ids(uow: FakeUnitOfWork) -> set[int]:
    return {i for i, g in uow.tables.goals.items() if g.status == GoalStatus.ACTIVE}


def plan_counts(uow: FakeUnitOfWork) -> list[object]:
    """Records the goals each plan_summaries call of the dashboard counts (None: all of them)."""
    calls: list[object] = []
    count = uow.tasks.plan_summaries

    def counting(person_id: int, goal_ids: Collection[int] | None = None) -> dict[int, PlanSummary]:
        calls.append(None if goal_ids is None else sorted(goal_ids))
        return count(person_id, goal_ids)

    uow.tasks.plan_summaries = counting  # type: ignore[method-assign]
    return calls


def test_the_first_dashboard_stores_what_it_computed_and_the_next_reads_no_reading_and_counts_no_plan(
    demo: FakeUnitOfWork,
) -> None:
    first = dashboard(demo, TODAY)
    assert set(demo.tables.forecast_cache) == active_ids(demo) == set(first.forecasts)
    assert set(demo.tables.plan_cache) == set(demo.tables.goals)
    assert set(demo.tables.habits_cache) == {1}
    reads, counts = series_reads(demo), plan_counts(demo)
    second = dashboard(demo, TODAY)
    assert (reads, counts) == ([], [])  # every key matched
    assert second == first == afresh(demo)
    assert [w.kind for w in second.warnings] == ["stalled", "stalled", "nothing_planned"]


def check_in(uow: FakeUnitOfWork, on: date, goal: str, value: float | None = None, confidence: int = 3) -> None:
    entry = GoalEntry(0, value=value, confidence=confidence)
    record_checkin(uow, on=on, ratings=Ratings(fulfilment=6), note="", entries=[(goal, entry)], today=TODAY, now=NOW)


def move_task(uow: FakeUnitOfWork, task: str, goal: str) -> None:
    """Move a task to another goal as the repository allows (no command does it yet)."""
    with uow.write():
        found = uow.tasks.find(1, task)[0]
        target = uow.goals.find(1, goal)[0]
        assert target.id is not None
        uow.tasks.update(replace(found, goal_id=target.id, depends_on=()))


def review_today(uow: FakeUnitOfWork) -> None:
    with uow.write():
        add_review_in_transaction(uow, 1, TODAY, ReviewDraft(note="On course"), NOW)


CHANGES: dict[str, Callable[[FakeUnitOfWork], object]] = {
    "a check-in with a new salary": lambda uow: check_in(uow, TODAY, "salary", 71000),
    "a check-in dated back into the window": lambda uow: check_in(uow, TODAY - timedelta(days=100), "regional"),
    "a check-in falling in confidence": lambda uow: check_in(uow, TODAY, "certifications", confidence=1),
    "a later target date": lambda uow: edit_goal(
        uow, "salary", {"target_date": date(2029, 6, 30)}, reason="A slower market", now=NOW
    ),
    "a higher salary target": lambda uow: edit_goal(
        uow, "salary", {"measure": numeric_measure("salary", "USD", 62000, 90000)}, reason="A bigger role", now=NOW
    ),
    "a milestone done": lambda uow: complete_task(uow, "pilot's results", on=TODAY, now=NOW),
    "a task added": lambda uow: add_task(uow, goal="certifications", title="Book the exam", due=TODAY, now=NOW),
    "a task dropped": lambda uow: edit_task(
        uow, "pilot's results", {"status": TaskStatus.DROPPED}, reason="Folded into the pilot", now=NOW
    ),
    "a task moved to another goal": lambda uow: move_task(uow, "pilot's results", "certifications"),
    "an investment": lambda uow: log_investment(
        uow,
        on=TODAY,
        category=InvestmentCategory.READING,
        hours=3,
        amount=0,
        currency=None,
        goal=None,
        note="",
        today=TODAY,
    ),
    "a review": review_today,
    "a weekly rhythm": lambda uow: set_cadence(uow, checkin="weekly", now=NOW),
    "a check-in of ratings only": lambda uow: record_checkin(
        uow, on=TODAY, ratings=Ratings(balance=2), note="", entries=[], today=TODAY, now=NOW
    ),
    "a goal paused and resumed": lambda uow: (
        set_goal_status(uow, "regional", GoalStatus.PAUSED, reason="Reorg", now=NOW),
        set_goal_status(uow, "regional", GoalStatus.ACTIVE, reason="Back on", now=NOW),
    ),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_after_a_change_the_dashboard_is_the_one_computed_afresh(
    demo: FakeUnitOfWork, change: Callable[[FakeUnitOfWork], object]
) -> None:
    dashboard(demo, TODAY)  # every forecast cached
    change(demo)
    after = dashboard(demo, TODAY)
    assert after == afresh(demo)
    assert dashboard(demo, TODAY) == after  # and stored as computed


def test_a_check_in_refits_only_the_goals_whose_inputs_it_changed(demo: FakeUnitOfWork) -> None:
    dashboard(demo, TODAY)
    stored = dict(demo.tables.forecast_cache)
    check_in(demo, TODAY, "salary", 71000)
    dashboard(demo, TODAY)
    titles = {i: g.title for i, g in demo.tables.goals.items()}
    changed = {titles[i] for i, entry in demo.tables.forecast_cache.items() if entry != stored[i]}
    # The salary's new reading, and the progress it rolls up into its parent (a milestone goal's progress
    # today is one of its readings); the other goals' forecasts stand.
    assert changed == {"Raise my base salary", "Build financial security"}


def test_a_task_added_recounts_only_its_goals_plan_and_refits_only_the_goals_whose_progress_moved(
    demo: FakeUnitOfWork,
) -> None:
    dashboard(demo, TODAY)
    counts, reads = plan_counts(demo), series_reads(demo)
    added = add_task(demo, goal="regional", title="Meet the other team leads", due=TODAY, now=NOW)
    assert dashboard(demo, TODAY) == afresh(demo)
    titles = {i: g.title for i, g in demo.tables.goals.items()}
    assert counts[0] == [added.goal_id]
    # Its progress fell, and so did that of the goals it rolls up into: only theirs are read again.
    assert [[titles[i] for i in ids] for ids in reads[:1] if isinstance(ids, list)] == [
        ["Build financial security", "Become a sales manager", "Lead a regional team"]
    ]


def test_a_new_day_refits_every_goal(demo: FakeUnitOfWork) -> None:
    dashboard(demo, TODAY)
    reads = series_reads(demo)
    tomorrow = TODAY + timedelta(days=1)
    board = dashboard(demo, tomorrow)
    assert reads == [None]
    assert board == afresh(demo, tomorrow)


def test_a_database_that_refuses_the_write_still_shows_the_dashboard(demo: FakeUnitOfWork) -> None:
    demo.refuse_writes = True
    board = dashboard(demo, TODAY)
    assert demo.tables.forecast_cache == {}
    demo.refuse_writes = False
    assert board == dashboard(demo, TODAY)


def test_deleting_a_goal_deletes_its_forecast(demo: FakeUnitOfWork) -> None:
    from headway.services.data import delete_goal

    dashboard(demo, TODAY)
    delete_goal(demo, "certifications")
    assert set(demo.tables.forecast_cache) == active_ids(demo)
    assert dashboard(demo, TODAY) == afresh(demo)


# --- what the warnings look at -------------------------------------------------------------------------------

DAYS = st.integers(min_value=-400, max_value=0).map(lambda n: TODAY + timedelta(days=n))
POINTS = st.builds(
    SeriesPoint,
    on=DAYS,
    value=st.none() | st.floats(0, 100),
    progress=st.none() | st.floats(0, 1) | st.sampled_from([0.25, 0.5]),  # repeated values: stalls happen
    confidence=st.none() | st.integers(1, 5),
)


@given(
    readings=st.lists(POINTS, max_size=30).map(lambda ps: sorted(ps, key=lambda p: p.on)),
    start=DAYS,
    progress=st.floats(0, 1) | st.just(1.0),
)
def test_the_kept_readings_give_the_same_goal_warnings_as_all_of_them(
    readings: list[SeriesPoint], start: date, progress: float
) -> None:
    def warnings(points: list[SeriesPoint]) -> object:
        signals = GoalSignals(1, "Goal", start, TODAY + timedelta(days=300), readings=points, progress=progress)
        return goal_warnings(signals, TODAY)

    assert warnings(warning_readings(readings, TODAY)) == warnings(readings)


RATING = st.none() | st.integers(1, 10)


@given(
    st.lists(
        st.tuples(DAYS, st.builds(Ratings, RATING, RATING, RATING, RATING)),
        max_size=30,
    )
)
def test_the_last_ratings_give_the_same_balance_warnings_as_the_whole_history(
    history: list[tuple[date, Ratings]],
) -> None:
    assert balance_warnings(rated_last(history), TODAY) == balance_warnings(history, TODAY)
    assert len(rated_last(history)) <= 8


def test_a_rating_left_out_of_the_newest_check_ins_is_still_compared(uow: FakeUnitOfWork) -> None:
    """Financial security was rated at the first two of 15 check-ins only: 8, then 4."""
    for n in range(15):
        financial = {0: 8, 1: 4}.get(n)
        ratings = Ratings(fulfilment=7, balance=6, achievement=5, financial=financial)
        on = TODAY - timedelta(days=100 - 5 * n)
        record_checkin(uow, on=on, ratings=ratings, note="", entries=[], today=TODAY, now=NOW)
    board = dashboard(uow, TODAY)
    assert [w.why for w in board.warnings] == [
        f"Financial security fell from 8 to 4 at your check-in of {TODAY - timedelta(days=95)}."
    ]
