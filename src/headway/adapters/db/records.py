"""Repositories for the profile, check-ins, investments, revisions and baselines."""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import date, datetime
from typing import TYPE_CHECKING

from headway.adapters.db.connection import Database, Row
from headway.adapters.db.goal_tasks import in_params, to_date, to_datetime
from headway.domain.records import Profile, Ratings, Revision, SeriesPoint

if TYPE_CHECKING:
    from headway.domain.entries import Baseline, CheckIn, GoalEntry, Investment, Review, ReviewAnswer

# Check-ins, investments, baselines and reviews (domain/entries.py) are imported where rows become them: the
# dashboard reads them only when its habits are computed afresh, and creating their classes costs start-up.


class SqlProfileRepository:
    """The person the unit of work acts for: the one given (a server's signed-in account), else the first."""

    def __init__(self, db: Database, person_id: int | None = None) -> None:
        self.db = db
        self.person_id = person_id

    def get_default(self) -> Profile | None:
        row = self.db.one(
            "SELECT id, name, job_title, employer, priorities, currency, created_at, checkin_cadence, review_cadence, "
            "monthly_target_hours, monthly_target_amount, weekly_capacity_hours FROM people "
            + ("ORDER BY id LIMIT 1" if self.person_id is None else "WHERE id = :id"),
            {"id": self.person_id},
        )
        if row is None:
            return None
        return Profile(
            id=row["id"],
            name=row["name"],
            current_role=row["job_title"],
            employer=row["employer"],
            values=tuple(json.loads(row["priorities"])),
            currency=row["currency"],
            created_at=to_datetime(row["created_at"]),
            checkin_cadence=row["checkin_cadence"],
            review_cadence=row["review_cadence"],
            monthly_target_hours=row["monthly_target_hours"],
            monthly_target_amount=row["monthly_target_amount"],
            weekly_capacity_hours=row["weekly_capacity_hours"],
        )

    def add(self, profile: Profile) -> int:
        return self.db.insert(
            "INSERT INTO people (name, job_title, employer, priorities, currency, created_at, checkin_cadence, "
            "review_cadence, monthly_target_hours, monthly_target_amount, weekly_capacity_hours) "
            "VALUES (:name, :job_title, :employer, :priorities, :currency, :created_at, :checkin_cadence, "
            ":review_cadence, :monthly_target_hours, :monthly_target_amount, :weekly_capacity_hours)",
            self._params(profile),
        )

    def update(self, profile: Profile) -> None:
        self.db.execute(
            "UPDATE people SET name = :name, job_title = :job_title, employer = :employer, "
            "priorities = :priorities, currency = :currency, checkin_cadence = :checkin_cadence, "
            "review_cadence = :review_cadence, monthly_target_hours = :monthly_target_hours, "
            "monthly_target_amount = :monthly_target_amount, weekly_capacity_hours = :weekly_capacity_hours "
            "WHERE id = :id",
            self._params(profile),
        )

    @staticmethod
    def _params(profile: Profile) -> dict[str, object]:
        return {
            "id": profile.id,
            "name": profile.name,
            "job_title": profile.current_role,
            "employer": profile.employer,
            "priorities": json.dumps(list(profile.values)),
            "currency": profile.currency,
            "created_at": profile.created_at.isoformat() if profile.created_at else None,
            "checkin_cadence": profile.checkin_cadence,
            "review_cadence": profile.review_cadence,
            "monthly_target_hours": profile.monthly_target_hours,
            "monthly_target_amount": profile.monthly_target_amount,
            "weekly_capacity_hours": profile.weekly_capacity_hours,
        }


class SqlCheckinRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, checkin: CheckIn) -> int:
        checkin_id = self.db.insert(
            "INSERT INTO checkins (person_id, on_date, fulfilment, balance, achievement, financial, note, "
            "created_at) VALUES (:person, :on, :fulfilment, :balance, :achievement, :financial, :note, :created)",
            {
                "person": checkin.person_id,
                "on": checkin.on.isoformat(),
                **checkin.ratings.as_dict(),
                "note": checkin.note,
                "created": checkin.created_at.isoformat() if checkin.created_at else None,
            },
        )
        for entry in checkin.entries:
            self.db.execute(
                "INSERT INTO checkin_entries (checkin_id, goal_id, value, progress, confidence, went_well, "
                "obstacles, next_step) VALUES (:checkin, :goal, :value, :progress, :confidence, :went_well, "
                ":obstacles, :next_step)",
                {
                    "checkin": checkin_id,
                    "goal": entry.goal_id,
                    "value": entry.value,
                    "progress": entry.progress,
                    "confidence": entry.confidence,
                    "went_well": entry.went_well,
                    "obstacles": entry.obstacles,
                    "next_step": entry.next_step,
                },
            )
        return checkin_id

    def last_date(self, person_id: int) -> date | None:
        row = self.db.one("SELECT MAX(on_date) AS last FROM checkins WHERE person_id = :p", {"p": person_id})
        return to_date(row["last"]) if row else None

    def count(self, person_id: int, since: date | None = None) -> int:
        row = self.db.one(
            "SELECT COUNT(*) AS n FROM checkins WHERE person_id = :p AND on_date >= :since",
            {"p": person_id, "since": since.isoformat() if since else ""},
        )
        return int(row["n"]) if row else 0

    def days(self, person_id: int, since: date | None = None) -> list[date]:
        """The days the person checked in (on or after `since`), oldest first, each once."""
        rows = self.db.all(
            "SELECT DISTINCT on_date FROM checkins WHERE person_id = :p AND on_date >= :since ORDER BY on_date",
            {"p": person_id, "since": since.isoformat() if since else ""},
        )
        return [date.fromisoformat(r["on_date"]) for r in rows]

    def series(
        self, person_id: int, since: date | None = None, goal_ids: Collection[int] | None = None
    ) -> dict[int, list[SeriesPoint]]:
        """Every goal's readings (or those of the goals given) from check-ins on or after `since`, oldest first."""
        params: dict[str, object] = {"p": person_id, "since": since.isoformat() if since else ""}
        of_goals = ""
        if goal_ids is not None:  # a few goals: through their entries (checkin_entries_goal), not every check-in
            placeholders, ids = in_params("g", goal_ids)
            of_goals = f" AND e.goal_id IN ({placeholders})"
            params.update(ids)
        rows = self.db.all(
            "SELECT e.goal_id, c.on_date, e.value, e.progress, e.confidence FROM checkins c "
            "JOIN checkin_entries e ON e.checkin_id = c.id WHERE c.person_id = :p AND c.on_date >= :since"
            f"{of_goals} ORDER BY c.on_date, c.id",
            params,
        )
        found: dict[int, list[SeriesPoint]] = {}
        for r in rows:
            point = SeriesPoint(date.fromisoformat(r["on_date"]), r["value"], r["progress"], r["confidence"])
            found.setdefault(r["goal_id"], []).append(point)
        return found

    def newest_entries(self, person_id: int) -> dict[int, int]:
        # One step into checkin_entries_goal (goal_id, checkin_id) a goal: its run's last key.
        rows = self.db.all(
            "SELECT g.id AS goal_id, (SELECT MAX(e.checkin_id) FROM checkin_entries e WHERE e.goal_id = g.id) "
            "AS newest FROM goals g WHERE g.person_id = :p",
            {"p": person_id},
        )
        return {r["goal_id"]: int(r["newest"]) for r in rows if r["newest"] is not None}

    def ratings_history(
        self, person_id: int, since: date | None = None, newest: int | None = None, until: date | None = None
    ) -> list[tuple[date, Ratings]]:
        """The four ratings of each check-in from `since` to `until` (the `newest` latest only, if given), oldest
        first."""
        order = "on_date, id" if newest is None else "on_date DESC, id DESC LIMIT :newest"
        rows = self.db.all(
            "SELECT on_date, fulfilment, balance, achievement, financial FROM checkins "
            f"WHERE person_id = :p AND on_date >= :since AND on_date <= :until ORDER BY {order}",
            {
                "p": person_id,
                "since": since.isoformat() if since else "",
                "until": until.isoformat() if until else "9999-12-31",
                "newest": newest,
            },
        )
        if newest is not None:
            rows.reverse()
        return [
            (date.fromisoformat(r["on_date"]), Ratings(r["fulfilment"], r["balance"], r["achievement"], r["financial"]))
            for r in rows
        ]

    def recent(self, person_id: int, limit: int) -> list[CheckIn]:
        from headway.domain.entries import CheckIn

        rows = self.db.all(
            "SELECT id, person_id, on_date, fulfilment, balance, achievement, financial, note, created_at "
            "FROM checkins WHERE person_id = :p ORDER BY on_date DESC, id DESC LIMIT :limit",
            {"p": person_id, "limit": limit},
        )
        entries: dict[int, list[GoalEntry]] = {}
        if rows:
            placeholders, params = in_params("c", [r["id"] for r in rows])
            for e in self.db.all(
                "SELECT checkin_id, goal_id, value, progress, confidence, went_well, obstacles, next_step "
                f"FROM checkin_entries WHERE checkin_id IN ({placeholders}) ORDER BY checkin_id, goal_id",
                params,
            ):
                entries.setdefault(e["checkin_id"], []).append(_entry(e))
        return [
            CheckIn(
                id=r["id"],
                person_id=r["person_id"],
                on=date.fromisoformat(r["on_date"]),
                ratings=Ratings(r["fulfilment"], r["balance"], r["achievement"], r["financial"]),
                note=r["note"],
                entries=tuple(entries.get(r["id"], [])),
                created_at=to_datetime(r["created_at"]),
            )
            for r in rows
        ]


def _entry(row: Row) -> GoalEntry:
    from headway.domain.entries import GoalEntry

    return GoalEntry(
        goal_id=row["goal_id"],
        value=row["value"],
        progress=row["progress"],
        confidence=row["confidence"],
        went_well=row["went_well"],
        obstacles=row["obstacles"],
        next_step=row["next_step"],
    )


class SqlInvestmentRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, investment: Investment) -> int:
        return self.db.insert(
            "INSERT INTO investments (person_id, on_date, category, hours, amount, currency, goal_id, note) "
            "VALUES (:person, :on, :category, :hours, :amount, :currency, :goal, :note)",
            {
                "person": investment.person_id,
                "on": investment.on.isoformat(),
                "category": str(investment.category),
                "hours": investment.hours,
                "amount": investment.amount,
                "currency": investment.currency,
                "goal": investment.goal_id,
                "note": investment.note,
            },
        )

    def month_totals(self, person_id: int) -> tuple[dict[str, float], dict[str, float]]:
        rows = self.db.all(
            "SELECT substr(on_date, 1, 7) AS month, SUM(hours) AS hours, SUM(amount) AS amount "
            "FROM investments WHERE person_id = :p GROUP BY substr(on_date, 1, 7)",
            {"p": person_id},
        )
        return (
            {r["month"]: float(r["hours"]) for r in rows},
            {r["month"]: float(r["amount"]) for r in rows},
        )

    def recent(self, person_id: int, limit: int) -> list[Investment]:
        rows = self.db.all(
            "SELECT id, person_id, on_date, category, hours, amount, currency, goal_id, note FROM investments "
            "WHERE person_id = :p ORDER BY on_date DESC, id DESC LIMIT :limit",
            {"p": person_id, "limit": limit},
        )
        return self._investments(rows)

    def count(self, person_id: int) -> int:
        row = self.db.one("SELECT COUNT(*) AS n FROM investments WHERE person_id = :p", {"p": person_id})
        return int(row["n"]) if row else 0

    def newest_id(self, person_id: int) -> int:
        row = self.db.one("SELECT MAX(id) AS id FROM investments WHERE person_id = :p", {"p": person_id})
        return int(row["id"]) if row and row["id"] is not None else 0

    def get(self, person_id: int, investment_id: int) -> Investment | None:
        rows = self.db.all(
            "SELECT id, person_id, on_date, category, hours, amount, currency, goal_id, note FROM investments "
            "WHERE person_id = :p AND id = :id",
            {"p": person_id, "id": investment_id},
        )
        found = self._investments(rows)
        return found[0] if found else None

    def delete(self, person_id: int, investment_id: int) -> None:
        self.db.execute(
            "DELETE FROM investments WHERE person_id = :p AND id = :id", {"p": person_id, "id": investment_id}
        )

    def days(self, person_id: int) -> list[date]:
        """The days with a deposit, oldest first, each once."""
        rows = self.db.all(
            "SELECT DISTINCT on_date FROM investments WHERE person_id = :p ORDER BY on_date", {"p": person_id}
        )
        return [date.fromisoformat(r["on_date"]) for r in rows]

    def all(self, person_id: int) -> list[Investment]:
        """Every investment, oldest first: the ledger."""
        rows = self.db.all(
            "SELECT id, person_id, on_date, category, hours, amount, currency, goal_id, note FROM investments "
            "WHERE person_id = :p ORDER BY on_date, id",
            {"p": person_id},
        )
        return self._investments(rows)

    @staticmethod
    def _investments(rows: list[Row]) -> list[Investment]:
        from headway.domain.entries import Investment, InvestmentCategory

        return [
            Investment(
                id=r["id"],
                person_id=r["person_id"],
                on=date.fromisoformat(r["on_date"]),
                category=InvestmentCategory(r["category"]),
                hours=r["hours"],
                amount=r["amount"],
                currency=r["currency"],
                goal_id=r["goal_id"],
                note=r["note"],
            )
            for r in rows
        ]


class SqlRevisionRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, revision: Revision) -> None:
        self.db.execute(
            "INSERT INTO revisions (goal_id, task_id, changed_at, field_name, before_value, after_value, reason) "
            "VALUES (:goal, :task, :at, :field, :before, :after, :reason)",
            {
                "goal": revision.goal_id,
                "task": revision.task_id,
                "at": revision.at.isoformat(timespec="seconds"),
                "field": revision.field,
                "before": revision.before,
                "after": revision.after,
                "reason": revision.reason,
            },
        )

    def for_goal(self, goal_id: int) -> list[Revision]:
        rows = self.db.all(
            "SELECT id, goal_id, task_id, changed_at, field_name, before_value, after_value, reason "
            "FROM revisions WHERE goal_id = :goal ORDER BY changed_at, id",
            {"goal": goal_id},
        )
        return self._revisions(rows)

    def for_person(self, person_id: int, since: datetime) -> list[Revision]:
        """Every change to the person's goals and plans from `since` on, oldest first."""
        rows = self.db.all(
            "SELECT id, goal_id, task_id, changed_at, field_name, before_value, after_value, reason FROM revisions "
            "WHERE goal_id IN (SELECT id FROM goals WHERE person_id = :p) AND changed_at >= :since "
            "ORDER BY changed_at, id",
            {"p": person_id, "since": since.isoformat(timespec="seconds")},
        )
        return self._revisions(rows)

    @staticmethod
    def _revisions(rows: list[Row]) -> list[Revision]:
        return [
            Revision(
                id=r["id"],
                goal_id=r["goal_id"],
                task_id=r["task_id"],
                at=datetime.fromisoformat(r["changed_at"]),
                field=r["field_name"],
                before=r["before_value"],
                after=r["after_value"],
                reason=r["reason"],
            )
            for r in rows
        ]


class SqlBaselineRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, baseline: Baseline) -> int:
        baseline_id = self.db.insert(
            "INSERT INTO baselines (goal_id, taken_at, label, target_date) VALUES (:goal, :at, :label, :target)",
            {
                "goal": baseline.goal_id,
                "at": baseline.taken_at.isoformat(timespec="seconds"),
                "label": baseline.label,
                "target": baseline.target_date.isoformat() if baseline.target_date else None,
            },
        )
        for item in baseline.items:
            self.db.execute(
                "INSERT INTO baseline_items (baseline_id, task_id, title, planned_start, due, effort_hours) "
                "VALUES (:baseline, :task, :title, :start, :due, :effort)",
                {
                    "baseline": baseline_id,
                    "task": item.task_id,
                    "title": item.title,
                    "start": item.planned_start.isoformat() if item.planned_start else None,
                    "due": item.due.isoformat() if item.due else None,
                    "effort": item.effort_hours,
                },
            )
        return baseline_id

    def latest(self, goal_id: int) -> Baseline | None:
        from headway.domain.entries import Baseline, BaselineItem

        row = self.db.one(
            "SELECT id, goal_id, taken_at, label, target_date FROM baselines WHERE goal_id = :goal "
            "ORDER BY taken_at DESC, id DESC LIMIT 1",
            {"goal": goal_id},
        )
        if row is None:
            return None
        items = tuple(
            BaselineItem(r["task_id"], r["title"], to_date(r["planned_start"]), to_date(r["due"]), r["effort_hours"])
            for r in self.db.all(
                "SELECT task_id, title, planned_start, due, effort_hours FROM baseline_items "
                "WHERE baseline_id = :b ORDER BY task_id",
                {"b": row["id"]},
            )
        )
        return Baseline(
            id=row["id"],
            goal_id=row["goal_id"],
            taken_at=datetime.fromisoformat(row["taken_at"]),
            label=row["label"],
            target_date=to_date(row["target_date"]),
            items=items,
        )


class SqlReviewRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, review: Review) -> int:
        review_id = self.db.insert(
            "INSERT INTO reviews (person_id, on_date, note, created_at) VALUES (:person, :on, :note, :created)",
            {
                "person": review.person_id,
                "on": review.on.isoformat(),
                "note": review.note,
                "created": review.created_at.isoformat() if review.created_at else None,
            },
        )
        for a in review.answers:
            self.db.execute(
                "INSERT INTO review_answers (review_id, goal_id, still_right, still_aligned, still_realistic, note) "
                "VALUES (:review, :goal, :right, :aligned, :realistic, :note)",
                {
                    "review": review_id,
                    "goal": a.goal_id,
                    "right": _flag(a.still_right),
                    "aligned": _flag(a.still_aligned),
                    "realistic": _flag(a.still_realistic),
                    "note": a.note,
                },
            )
        return review_id

    def count(self, person_id: int) -> int:
        row = self.db.one("SELECT COUNT(*) AS n FROM reviews WHERE person_id = :p", {"p": person_id})
        return int(row["n"]) if row else 0

    def recent(self, person_id: int, limit: int) -> list[Review]:
        from headway.domain.entries import Review, ReviewAnswer

        rows = self.db.all(
            "SELECT id, person_id, on_date, note, created_at FROM reviews WHERE person_id = :p "
            "ORDER BY on_date DESC, id DESC LIMIT :limit",
            {"p": person_id, "limit": limit},
        )
        answers: dict[int, list[ReviewAnswer]] = {}
        if rows:
            placeholders, params = in_params("r", [r["id"] for r in rows])
            for a in self.db.all(
                "SELECT review_id, goal_id, still_right, still_aligned, still_realistic, note FROM review_answers "
                f"WHERE review_id IN ({placeholders}) ORDER BY review_id, goal_id",
                params,
            ):
                answers.setdefault(a["review_id"], []).append(
                    ReviewAnswer(
                        a["goal_id"],
                        _bool(a["still_right"]),
                        _bool(a["still_aligned"]),
                        _bool(a["still_realistic"]),
                        a["note"],
                    )
                )
        return [
            Review(
                id=r["id"],
                person_id=r["person_id"],
                on=date.fromisoformat(r["on_date"]),
                note=r["note"],
                created_at=to_datetime(r["created_at"]),
                answers=tuple(answers.get(r["id"], [])),
            )
            for r in rows
        ]


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _bool(value: int | None) -> bool | None:
    return None if value is None else bool(value)
