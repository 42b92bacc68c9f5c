"""Investments and balance: the career piggy bank (log an entry in two fields; the running total, by category,
by goal and by month against the target; regularity and streaks; the latest entries) and the four outcome
ratings now and over time, with their trends and the weakest of them in words."""

from __future__ import annotations

import math
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from headway.domain.balance import DAYS_PER_MONTH, Balance, Dimension
from headway.domain.errors import HeadwayError, NotFound, ValidationError
from headway.domain.ledger import Ledger, Totals
from headway.domain.records import InvestmentCategory
from headway.entrypoints.api.deps import MAX_ID, CurrentServer
from headway.entrypoints.web.auth import CurrentVisitor, Form, Visitor
from headway.entrypoints.web.charts import Bar, Series, bar_chart, line_chart
from headway.entrypoints.web.filters import day, number
from headway.entrypoints.web.render import page
from headway.entrypoints.web.routes_account import field_errors
from headway.services import record, tracking

router = APIRouter()
PAGE = 20  # entries in the table of the latest
MONTHS_SHOWN = 12
MAX_TEXT = 2000
NONE = "\u2013"  # an en dash: nothing to show in a table's cell
MINUS = "\u2212"  # a minus sign, as a falling trend's slope is read
MAX_AMOUNT = 1e12
MORE_FIELDS = ("category", "goal", "amount", "date")  # behind "More": the form opens it when one holds something
# What a few words of "what did you do" say about its category, checked in this order; otherwise practice.
CATEGORY_WORDS = {
    "credential": ("certif", "exam", "licen", "credential", "accredit", "diploma", "degree"),
    "course": ("course", "class", "module", "lecture", "workshop", "training", "tutorial", "bootcamp", "lesson"),
    "reading": ("read", "book", "article", "paper", "chapter", "newsletter"),
    "mentoring": ("mentor", "coach"),
    "networking": ("network", "coffee", "meetup", "conference", "linkedin", "intro"),
}
CATEGORY_NAMES = {c.value: c.value.capitalize() for c in InvestmentCategory}


def guess_category(what: str) -> InvestmentCategory:
    """The category the words suggest ('Sales course, module 3' is a course); practice when none does."""
    words = what.casefold()
    for category, stems in CATEGORY_WORDS.items():
        if any(stem in words for stem in stems):
            return InvestmentCategory(category)
    return InvestmentCategory.PRACTICE


def _amount(text: str, field: str, what: str) -> float:
    """A number of hours or money as typed ('1.5', '1,250'); empty is none."""
    value = text.strip().replace(",", "").replace("_", "")
    if not value:
        return 0.0
    try:
        found = float(value)
    except ValueError:
        found = math.nan
    if not math.isfinite(found) or found > MAX_AMOUNT:
        raise ValidationError(f"{text.strip()[:40]!r} is not {what}: type a number such as 1.5.", field=field)
    return found


# Investments


@router.get("/investments")
def investments_page(
    request: Request,
    *,
    visitor: CurrentVisitor,
    srv: CurrentServer,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    logged: Annotated[int | None, Query(ge=1)] = None,
    deleted: bool = False,
) -> Response:
    return _investments(request, visitor, srv, values={}, errors={}, offset=offset, logged=logged, deleted=deleted)


@router.post("/investments/{investment_id}/delete")
def delete_investment(investment_id: Annotated[int, Path(ge=1, le=MAX_ID)], visitor: CurrentVisitor) -> Response:
    """Delete one entry (a mistyped one, say) for good; another person's is a 404 page."""
    record.delete_investment(visitor.uow, investment_id)
    return RedirectResponse("/investments?deleted=true#recent-h", status_code=303)


@router.post("/investments")
def log_investment(request: Request, visitor: CurrentVisitor, srv: CurrentServer, form: Form) -> Response:
    values = {name: form.get(name, "") for name in ("what", "hours", *MORE_FIELDS)}
    today = srv.today
    try:
        what = values["what"].strip()
        if len(what) > MAX_TEXT:
            raise ValidationError(f"Keep it under {MAX_TEXT:,} characters.", field="what")
        chosen = values["category"]
        if chosen and chosen not in CATEGORY_NAMES:
            raise ValidationError(f"Choose one of: {', '.join(CATEGORY_NAMES.values())}.", field="category")
        saved = record.log_investment(
            visitor.uow,
            on=_date(values["date"], today),
            category=InvestmentCategory(chosen) if chosen else guess_category(what),
            hours=_amount(values["hours"], "hours", "a number of hours"),
            amount=_amount(values["amount"], "amount", "an amount"),
            currency=None,
            goal=values["goal"] or None,
            note=what,
            today=today,
        )
    except HeadwayError as error:
        # The goal is the one reference the form sends: not finding it is said beside its field (without the
        # CLI's hint).
        errors = {"goal": error.message} if isinstance(error, NotFound) else field_errors(error)
        return _investments(request, visitor, srv, values=values, errors=errors, status_code=422)
    return RedirectResponse(f"/investments?logged={saved.id}", status_code=303)


def _date(text: str, today: date) -> date:
    from headway.entrypoints.cli.dates import parse_user_date

    if not text.strip():
        return today
    if len(text) > 100:  # no date phrase is this long: refused before the date parser reads it all
        raise ValidationError("That is not a date Headway understands.", field="date")
    return parse_user_date(text, today, field="date", past=True)


def _investments(
    request: Request,
    visitor: Visitor,
    srv: Any,
    *,
    values: dict[str, str],
    errors: dict[str, str],
    offset: int = 0,
    logged: int | None = None,
    deleted: bool = False,
    status_code: int = 200,
) -> Response:
    today = srv.today
    book = tracking.ledger(visitor.uow, today)
    recent = record.recent_investments(visitor.uow, PAGE + 1, offset)
    goals = record.goals_to_check_in(visitor.uow)
    titles = {g.goal_id: g.title for g in book.by_goal if g.goal_id is not None}
    titles.update({g.id: g.title for g in goals if g.id is not None})
    just_logged = next((i for i in recent if i.id == logged), None) if logged else None
    return page(
        request,
        "investments.html",
        who=visitor.who,
        csrf=visitor.csrf,
        title="Investments",
        status_code=status_code,
        book=book,
        values={"date": today.isoformat(), **{k: v for k, v in values.items() if v or k != "date"}},
        errors=errors,
        more_open=_more_open(values, errors, today),
        categories=[("", "Work it out from what I did"), *CATEGORY_NAMES.items()],
        goal_options=[("", "No particular goal"), *((str(g.id), g.title) for g in goals)],
        recent=recent[:PAGE],
        offset=offset,
        more_entries=len(recent) > PAGE,
        page_size=PAGE,
        titles=titles,
        just_logged=just_logged,
        deleted=deleted,
        money=_money,
        charts=_ledger_charts(book) if book.first_on else {},
    )


def _more_open(values: dict[str, str], errors: dict[str, str], today: date) -> bool:
    """Open "More" when one of its fields is in error or holds something other than its default."""
    changed = any(values.get(k) for k in MORE_FIELDS if k != "date")
    dated = values.get("date", "") not in ("", today.isoformat())
    return changed or dated or any(k in errors for k in MORE_FIELDS)


def _money(totals: Totals) -> str:
    """Money per currency, never added across them: '1,250 USD, 49 EUR'; '' for none."""
    return ", ".join(f"{number(v, 2)} {c}" for c, v in sorted(totals.amounts.items()) if v)


def _month_label(month: str) -> str:
    return date.fromisoformat(f"{month}-01").strftime("%b %Y")


def _ledger_charts(book: Ledger) -> dict[str, Any]:
    """The ledger's charts, each with the rows of its numbers table."""
    assert book.first_on is not None
    running, points = 0.0, []
    for week in book.by_week:
        running += week.totals.hours
        assert week.start is not None
        points.append((week.start, round(running, 2)))
    if points and points[-1][0] < book.today:
        points.append((book.today, points[-1][1]))
    series = [Series("Hours invested, in all", points, markers=len(points) < 3)]
    target = book.this_month.target_hours
    if target:
        span = (book.today - book.first_on).days / DAYS_PER_MONTH
        series.append(
            Series(
                f"At the target's pace ({number(target)} h a month)",
                [(book.first_on, 0.0), (book.today, round(target * span, 1))],
            )
        )
    cumulative = line_chart(
        "Hours invested over time",
        series,
        x_label="Week",
        y_label="Hours, in all",
        desc=f"The running total of hours invested since {day(book.first_on)}: {number(book.total.hours)} hours by "
        f"{day(book.today)}." + (" A second line shows the pace of the monthly target." if target else ""),
    )
    months = book.by_month[-MONTHS_SHOWN:]
    by_month = bar_chart(
        "Hours each month",
        [Bar(_month_label(m.month), round(m.totals.hours, 2), marker=target) for m in months],
        desc="Hours invested in each of the last months"
        + (f", against the target of {number(target)} hours." if target else "."),
        unit="h",
        marker_name=f"monthly target, {number(target)} h" if target else "",
    )
    by_category = bar_chart(
        "Hours by category",
        [Bar(p.key.capitalize(), round(p.totals.hours, 2), note=_money(p.totals)) for p in book.by_category],
        desc="Hours invested in each category, most first; money spent beside each bar.",
        unit="h",
    )
    by_goal = bar_chart(
        "Hours by goal",
        [
            Bar(g.title or "No particular goal", round(g.totals.hours, 2), note=_gained(g.points_gained))
            for g in book.by_goal
        ],
        desc="Hours invested in each goal, with the progress it gained since the first investment in it.",
        unit="h",
    )
    return {
        "cumulative": cumulative,
        "by_month": by_month,
        "by_category": by_category,
        "by_goal": by_goal,
        "month_rows": [
            (_month_label(m.month), number(m.totals.hours), number(m.cumulative.hours)) for m in book.by_month
        ],
        "category_rows": [
            (p.key.capitalize(), number(p.totals.hours), _money(p.totals) or NONE) for p in book.by_category
        ],
        "goal_rows": [
            (
                g.title or "No particular goal",
                number(g.totals.hours),
                _money(g.totals) or NONE,
                _gained(g.points_gained) or NONE,
                NONE if g.points_per_hour is None else f"{g.points_per_hour:.2f}",
            )
            for g in book.by_goal
        ],
    }


def _gained(points: float | None) -> str:
    return "" if points is None else f"{points:+.0f} pts"


# Balance


@router.get("/balance")
def balance_page(request: Request, visitor: CurrentVisitor, srv: CurrentServer) -> Response:
    result = tracking.balance(visitor.uow, srv.today)
    rated = [d for d in result.dimensions if d.latest is not None]
    return page(
        request,
        "balance.html",
        who=visitor.who,
        csrf=visitor.csrf,
        title="Balance",
        result=result,
        rated=rated,
        rows=[_dimension_row(d, result) for d in result.dimensions],
        weakest=result.weakest,
        falls=result.fell_by(3),
        charts=_balance_charts(result, rated) if rated else {},
    )


def change_words(dimension: Dimension, result: Balance) -> str:
    """The change to the latest rating, in words: since the last review (which the page names), else since the
    rating before."""
    latest = dimension.latest
    if latest is None:
        return "not rated yet"
    before, since = dimension.at_last_review, ""  # the page says once that changes are since the review
    if before is None and len(dimension.series) > 1:
        before = dimension.series[-2]
        since = f" since {day(before.on)}"
    if before is None:
        return "the first rating"
    change = latest.value - before.value
    if change == 0:
        return "no change" + since
    return f"{'up' if change > 0 else 'down'} {abs(change)}{since}"


def trend_words(dimension: Dimension) -> str:
    if dimension.trend is None or dimension.slope_per_month is None:
        return "too few ratings to tell"
    if dimension.trend == "steady":
        return "steady"
    return f"{dimension.trend} ({dimension.slope_per_month:+.1f} a month)".replace("-", MINUS)


def _dimension_row(dimension: Dimension, result: Balance) -> dict[str, Any]:
    average = dimension.recent_average
    return {
        "name": dimension.name,
        "label": dimension.label,
        "latest": dimension.latest.value if dimension.latest else None,
        "latest_on": dimension.latest.on if dimension.latest else None,
        "change": change_words(dimension, result),
        "trend": dimension.trend,
        "trend_words": trend_words(dimension),
        "average": None if average is None else f"{average:.1f}",
    }


def _balance_charts(result: Balance, rated: list[Dimension]) -> dict[str, Any]:
    now = bar_chart(
        "Your four ratings now",
        [Bar(d.label, d.latest.value if d.latest else 0, note=change_words(d, result)) for d in rated],
        desc="The latest rating of each dimension, from 1 to 10, with its change.",
        maximum=10,
    )
    over_time = line_chart(
        "Your ratings over time",
        [Series(d.label, [(r.on, float(r.value)) for r in d.series], markers=True) for d in result.dimensions],
        x_label="Check-in",
        y_label="Rating, 1 to 10",
        desc="Each dimension's rating at every check-in that rated it; lines differ by dash as well as colour.",
        y_range=(1, 10),
        today=result.today,
    )
    days = sorted({r.on for d in result.dimensions for r in d.series}, reverse=True)
    values = {d.name: {r.on: r.value for r in d.series} for d in result.dimensions}
    rows = [(day(on), *(str(values[d.name].get(on, NONE)) for d in result.dimensions)) for on in days]
    return {
        "now": now,
        "now_rows": [(d.label, str(d.latest.value if d.latest else NONE), change_words(d, result)) for d in rated],
        "over_time": over_time,
        "history_headers": ["Check-in", *(d.label for d in result.dimensions)],
        "history_rows": rows,
    }
