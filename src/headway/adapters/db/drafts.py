"""The check-in a person has in progress (migration 0008): one draft per person, its fields as a JSON document."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from headway.adapters.db.connection import Database
from headway.adapters.db.goal_tasks import to_datetime

if TYPE_CHECKING:
    from headway.services.checkin_drafts import CheckinDraft


class SqlDraftRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, person_id: int, *, lock: bool = False) -> CheckinDraft | None:
        from headway.services.checkin_drafts import CheckinDraft

        locking = self.db.dialect.for_update if lock else ""
        row = self.db.one(
            f"SELECT document, updated_at FROM checkin_drafts WHERE person_id = :person{locking}", {"person": person_id}
        )
        return None if row is None else CheckinDraft.from_json(row["document"], to_datetime(row["updated_at"]))

    def put(self, person_id: int, draft: CheckinDraft, now: datetime) -> None:
        self.db.execute(
            "INSERT INTO checkin_drafts (person_id, document, updated_at) VALUES (:person, :document, :now) "
            "ON CONFLICT (person_id) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at",
            {"person": person_id, "document": draft.to_json(), "now": now.isoformat(timespec="seconds")},
        )

    def delete(self, person_id: int) -> None:
        self.db.execute("DELETE FROM checkin_drafts WHERE person_id = :person", {"person": person_id})
