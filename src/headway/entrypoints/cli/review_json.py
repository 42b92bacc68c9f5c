"""The review as JSON (docs/json/review.schema.json)."""

from __future__ import annotations

from typing import Any

from headway.entrypoints.cli.jsonout import emit, iso, profile_json, revision_json
from headway.entrypoints.cli.status_view import forecast_summary
from headway.services.review import ReviewReport


def review_json(report: ReviewReport) -> None:
    emit("review", review_payload(report))


def review_payload(report: ReviewReport) -> dict[str, Any]:
    """The `review` document's fields (`review --json`, the API's GET /review)."""
    inv = report.investment
    return {
        "period": report.period,
        "start": iso(report.start),
        "end": iso(report.end),
        "profile": profile_json(report.profile),
        "achieved": [{"id": g.id, "title": g.title, "reason": g.status_reason} for g in report.achieved],
        "goals": [
            {
                "id": c.goal.id,
                "title": c.goal.title,
                "progress_then": None if c.before is None else round(c.before, 4),
                "progress_now": round(c.now, 4),
                "forecast": None if c.forecast is None else forecast_summary(c.forecast),
            }
            for c in report.goals
        ],
        "corrections": [
            {"goal_id": c.revision.goal_id, "goal_title": c.goal_title, "revision": revision_json(c.revision)}
            for c in report.corrections
        ],
        "investment": {
            "hours": inv.totals.hours,
            "amounts": dict(sorted(inv.totals.amounts.items())),
            "hours_by_category": dict(sorted(inv.by_category.items())),
            "weeks": inv.weeks,
            "weeks_with_deposit": inv.weeks_with_deposit,
        },
        "balance": [
            {
                "dimension": d.name,
                "first": d.series[0].value if d.series else None,
                "latest": d.series[-1].value if d.series else None,
                "trend": d.trend,
            }
            for d in report.balance.dimensions
        ],
        "warnings": [
            {"kind": w.kind, "goal_id": w.goal_id, "why": w.why, "next_step": w.next_step} for w in report.warnings
        ],
        "answers": [
            {
                "date": iso(r.on),
                "goal_id": a.goal_id,
                "still_right": a.still_right,
                "still_aligned": a.still_aligned,
                "still_realistic": a.still_realistic,
                "note": a.note,
            }
            for r in report.answers
            for a in r.answers
        ],
    }
