"""Plain-text rendering for the terminal: progress bars, aligned columns, short dates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from headway.domain.goals import Goal, NumericMeasure, format_number
from headway.domain.progress import Progress
from headway.domain.tasks import Task, TaskStatus

BAR_WIDTH = 20


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "#" * filled + "-" * (width - filled)


def days(n: int) -> str:
    if n == 0:
        return "due today"
    if n < 0:
        return f"{-n} days late" if n != -1 else "1 day late"
    return f"{n} days left" if n != 1 else "1 day left"


def progress_text(goal: Goal, progress: Progress) -> str:
    if isinstance(goal.measure, NumericMeasure):
        m = goal.measure
        current = goal.current_value if goal.current_value is not None else m.start
        unit = f" {m.unit}" if m.unit else ""
        return f"{m.metric} {format_number(current)} of {format_number(m.target)}{unit}"
    return progress.basis


def table(rows: Sequence[Sequence[str]], header: Sequence[str] | None = None, indent: str = "") -> list[str]:
    """Left-aligned columns; the last column is not padded."""
    all_rows = [list(header)] + [list(r) for r in rows] if header else [list(r) for r in rows]
    if not all_rows:
        return []
    widths = [max(len(r[i]) for r in all_rows) for i in range(len(all_rows[0]) - 1)]
    lines = []
    for row in all_rows:
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:-1])] + [row[-1]]
        lines.append((indent + "  ".join(cells)).rstrip())
    return lines


def task_row(task: Task, today: date, goal_title: str | None = None) -> list[str]:
    mark = {TaskStatus.OPEN: "[ ]", TaskStatus.DONE: "[x]", TaskStatus.DROPPED: "[-]"}[task.status]
    due = task.due.isoformat() if task.due else "-"
    if task.is_overdue(today):
        due += " LATE"
    effort = f"{format_number(task.effort_hours)}h" if task.effort_hours is not None else "-"
    after = " after " + ",".join(f"#{d}" for d in task.depends_on) if task.depends_on else ""
    title = f"{task.title}{' (milestone)' if task.kind == 'milestone' else ''}{after}"
    row = [f"#{task.id}", mark, due, effort, title]
    if goal_title is not None:
        row.append(goal_title)
    return row


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "~"
