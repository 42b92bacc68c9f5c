"""The periodic review and the dashboard's new parts, on the demo career (in memory)."""

from __future__ import annotations

from datetime import date

import pytest

from headway.adapters.formats.review_markdown import review_markdown
from headway.domain.errors import ValidationError
from headway.services.demo import build_demo
from headway.services.review import period_start, review
from headway.services.status import dashboard
from tests.unit.fakes import FakeUnitOfWork

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("today", "period", "start"),
    [
        (date(2026, 11, 25), "month", date(2026, 10, 26)),
        (date(2026, 11, 25), "quarter", date(2026, 8, 26)),
        (date(2026, 11, 25), "year", date(2025, 11, 26)),
        (date(2026, 3, 31), "month", date(2026, 3, 1)),  # Feb 28 + 1: the month end is clamped
        (date(2028, 2, 29), "year", date(2027, 3, 1)),  # a leap day reaches back to Feb 28 + 1
    ],
)
def test_a_period_ends_today_and_reaches_back_whole_months(today: date, period: str, start: date) -> None:
    assert period_start(today, period) == start


def test_an_unknown_period_is_refused() -> None:
    with pytest.raises(ValidationError, match="month, quarter or year"):
        period_start(TODAY, "fortnight")


@pytest.fixture
def demo(empty_uow: FakeUnitOfWork) -> FakeUnitOfWork:
    build_demo(empty_uow, today=TODAY)
    return empty_uow


def test_the_quarter_review_tells_the_story_of_the_quarter(demo: FakeUnitOfWork) -> None:
    report = review(demo, "quarter", TODAY)
    assert (report.start, report.end) == (date(2026, 8, 26), TODAY)
    reasons = [c.revision.reason for c in report.corrections]
    assert any("MBA would cost two years" in r for r in reasons)  # dropped in September, with its reason
    assert all(c.revision.at.date() >= report.start for c in report.corrections)
    salary = next(g for g in report.goals if g.goal.title == "Raise my base salary")
    assert salary.before is not None
    assert salary.now > salary.before  # the raise in the quarter shows as progress
    assert report.investment.totals.hours > 0
    assert report.investment.weeks_with_deposit <= report.investment.weeks == 14

    text = review_markdown(report)
    assert text.startswith("# Career review: quarter, 2026-08-26 to 2026-11-25")
    for heading in ("## Goals", "## Course corrections", "## Investment", "## Balance", "## Warnings"):
        assert heading in text
    assert "| Raise my base salary |" in text


def test_the_dashboard_gives_every_active_goal_a_verdict_and_explains_its_warnings(demo: FakeUnitOfWork) -> None:
    board = dashboard(demo, TODAY)
    assert set(board.forecasts) == {v.goal.id for v in board.goals}
    assert all(f.sentence for f in board.forecasts.values())
    stalled = [w for w in board.warnings if w.kind == "stalled"]
    assert stalled  # the regional team has not moved for three check-ins in the demo
    assert all(w.next_step for w in board.warnings)
    assert board.cadence.checkin_cadence == "fortnightly"
    assert board.regularity.weeks_with_deposit > 40
