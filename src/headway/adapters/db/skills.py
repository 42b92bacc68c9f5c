"""The person's skills profile, goals' target occupations, and the milestones generated from a gap."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime

from headway.adapters.db.connection import Database
from headway.adapters.db.goal_tasks import in_params
from headway.domain.skills import Evidence, SkillLevel


class SqlSkillRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, entry: SkillLevel, now: datetime) -> int:
        return self.db.insert(
            "INSERT INTO skill_levels (person_id, element_id, level, evidence, source, note, on_date, created_at) "
            "VALUES (:person, :element, :level, :evidence, :source, :note, :on, :created)",
            {
                "person": entry.person_id,
                "element": entry.element_id,
                "level": entry.level,
                "evidence": entry.evidence.value,
                "source": entry.source,
                "note": entry.note,
                "on": entry.on_date.isoformat(),
                "created": now.isoformat(),
            },
        )

    def history(self, person_id: int, element_id: str | None = None) -> list[SkillLevel]:
        where = "person_id = :person" + (" AND element_id = :element" if element_id else "")
        rows = self.db.all(
            "SELECT id, person_id, element_id, level, evidence, source, note, on_date FROM skill_levels "
            f"WHERE {where} ORDER BY on_date, id",
            {"person": person_id, "element": element_id},
        )
        return [
            SkillLevel(
                element_id=r["element_id"],
                level=r["level"],
                evidence=Evidence(r["evidence"]),
                on_date=date.fromisoformat(r["on_date"]),
                source=r["source"],
                note=r["note"],
                person_id=r["person_id"],
                id=r["id"],
            )
            for r in rows
        ]

    def target_occupation(self, goal_id: int) -> str | None:
        row = self.db.one("SELECT code FROM goal_occupations WHERE goal_id = :goal", {"goal": goal_id})
        return None if row is None else str(row["code"])

    def set_target_occupation(self, goal_id: int, code: str | None) -> None:
        self.db.execute("DELETE FROM goal_occupations WHERE goal_id = :goal", {"goal": goal_id})
        if code is not None:
            self.db.execute(
                "INSERT INTO goal_occupations (goal_id, code) VALUES (:goal, :code)", {"goal": goal_id, "code": code}
            )

    def add_gap_milestone(self, task_id: int, element_id: str, level: float, code: str) -> None:
        self.db.execute(
            "INSERT INTO gap_milestones (task_id, element_id, level, code) VALUES (:task, :element, :level, :code)",
            {"task": task_id, "element": element_id, "level": level, "code": code},
        )

    def gap_milestones(self, task_ids: Collection[int]) -> dict[int, tuple[str, float, str]]:
        """For the tasks given that were generated from a gap: (element, level earned, occupation)."""
        if not task_ids:
            return {}
        placeholders, params = in_params("t", list(task_ids))
        rows = self.db.all(
            f"SELECT task_id, element_id, level, code FROM gap_milestones WHERE task_id IN ({placeholders})", params
        )
        return {r["task_id"]: (r["element_id"], r["level"], r["code"]) for r in rows}
