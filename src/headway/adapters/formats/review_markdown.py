"""A review as Markdown: headings, short lists and small tables that read well as plain text too."""

from __future__ import annotations

from headway.domain.goals import format_number
from headway.services.review import ReviewReport

VERDICTS = {
    "on_track": "on track",
    "at_risk": "at risk",
    "off_track": "off track",
    "not_enough_data": "not enough data",
    "achieved": "achieved",
}


def whole_percent(value: float) -> int:
    return int(value * 100 + 1e-9)


def review_markdown(report: ReviewReport) -> str:
    p = report.profile
    who = p.name + (f", {p.current_role}" if p.current_role else "") + (f" at {p.employer}" if p.employer else "")
    lines = [f"# Career review: {report.period}, {report.start} to {report.end}", "", who, ""]
    for section in (_goals, _corrections, _investment, _balance, _warnings, _answers):
        lines += section(report)
    return "\n".join(lines).rstrip() + "\n"


def _goals(report: ReviewReport) -> list[str]:
    lines = ["## Goals", ""]
    if report.achieved:
        lines += ["Achieved in this period:", ""]
        lines += [f"- **{g.title}**" + (f": {g.status_reason}" if g.status_reason else "") for g in report.achieved]
        lines.append("")
    if not report.goals:
        return [*lines, "No active goals.", ""]
    lines += ["| Goal | Then | Now | Change | Forecast |", "|---|---:|---:|---:|---|"]
    for change in report.goals:
        now = whole_percent(change.now)
        then = "-" if change.before is None else f"{whole_percent(change.before)}%"
        gained = "-" if change.before is None else f"{now - whole_percent(change.before):+d} pts"
        verdict = VERDICTS.get(str(change.forecast.verdict), "") if change.forecast else ""
        lines.append(f"| {change.goal.title} | {then} | {now}% | {gained} | {verdict} |")
    lines.append("")
    lines += [f"- {c.goal.title}: {c.forecast.sentence}" for c in report.goals if c.forecast and c.forecast.sentence]
    return [*lines, ""]


def _corrections(report: ReviewReport) -> list[str]:
    lines = ["## Course corrections", ""]
    if not report.corrections:
        return [*lines, "No changes to goals or plans in this period.", ""]
    for c in report.corrections:
        r = c.revision
        subject = f"task #{r.task_id} " if r.task_id else ""
        change = r.after if r.before == "-" else f"{r.before} -> {r.after}"
        why = f" Why: {r.reason}" if r.reason else ""
        lines.append(f"- {r.at.date()}, {c.goal_title}: {subject}{r.field.replace('_', ' ')} {change}.{why}")
    return [*lines, ""]


def _investment(report: ReviewReport) -> list[str]:
    inv = report.investment
    money = ", ".join(f"{format_number(round(v, 2))} {k}" for k, v in sorted(inv.totals.amounts.items()))
    lines = [
        "## Investment",
        "",
        f"- {format_number(round(inv.totals.hours, 1))} hours"
        + (f" and {money}" if money else "")
        + f"; deposits in {inv.weeks_with_deposit} of {inv.weeks} weeks.",
    ]
    if inv.by_category:
        ranked = sorted(inv.by_category.items(), key=lambda kv: -kv[1])
        lines.append("- By category: " + ", ".join(f"{k} {format_number(round(v, 1))} h" for k, v in ranked) + ".")
    return [*lines, ""]


def _balance(report: ReviewReport) -> list[str]:
    lines = ["## Balance", ""]
    rated = [d for d in report.balance.dimensions if d.series]
    if not rated:
        return [*lines, "No ratings in this period.", ""]
    lines += ["| Dimension | First | Latest | Trend |", "|---|---:|---:|---|"]
    lines += [f"| {d.label} | {d.series[0].value} | {d.series[-1].value} | {d.trend or '-'} |" for d in rated]
    weakest = report.balance.weakest
    if weakest is not None:
        lines += ["", f"Weakest: {weakest.label.lower()}."]
    return [*lines, ""]


def _warnings(report: ReviewReport) -> list[str]:
    lines = ["## Warnings and suggested actions", ""]
    if not report.warnings:
        return [*lines, "None: every active goal is moving and planned.", ""]
    return [*lines, *(f"- {w.why} Next: {w.next_step}" for w in report.warnings), ""]


def _answers(report: ReviewReport) -> list[str]:
    if not report.answers:
        return []
    lines = ["## Course-correction answers", ""]
    for review in report.answers:
        for a in review.answers:
            asked = (("right goal", a.still_right), ("aligned", a.still_aligned), ("realistic", a.still_realistic))
            said = [f"{label}: {'yes' if value else 'no'}" for label, value in asked if value is not None]
            note = f" ({a.note})" if a.note else ""
            lines.append(f"- {review.on}, goal #{a.goal_id}: {', '.join(said) or 'no answers'}{note}")
    return [*lines, ""]
