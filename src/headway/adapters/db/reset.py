"""Emptying a database: every row of every table, children before parents, in one transaction."""

from __future__ import annotations

from headway.adapters.db.connection import Database

TABLES_CHILD_FIRST = (
    "status_summaries",
    "checkin_drafts",
    "scheduled_runs",
    "audit_log",
    "api_tokens",
    "sessions",
    "sign_in_links",
    "invitations",
    "rate_limits",
    "accounts",
    "forecast_cache_readings",
    "forecast_cache",
    "plan_cache",
    "habits_cache",
    "gap_milestones",
    "goal_occupations",
    "skill_levels",
    "review_answers",
    "reviews",
    "baseline_items",
    "baselines",
    "revisions",
    "investments",
    "checkin_entries",
    "checkins",
    "task_dependencies",
    "tasks",
    "goals",
    "people",
)


def reset_database(db: Database) -> None:
    with db.transaction(write=True):
        for table in TABLES_CHILD_FIRST:
            db.execute(f"DELETE FROM {table}")
