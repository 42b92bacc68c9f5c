"""The goal forms read back: what was typed, as the services take it, each refusal named by the form's field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from headway.domain.errors import NotFound, ValidationError
from headway.domain.goals import Goal, GoalKind, GoalStatus, Measure, MilestoneMeasure, NumericMeasure, numeric_measure
from headway.entrypoints.web.fields import parse_number, plain_number
from headway.entrypoints.web.routes_account import field_errors

if TYPE_CHECKING:
    from headway.services.catalog import OccupationCatalog
    from headway.services.goals import GoalView

KINDS = [(k.value, k.value.capitalize()) for k in GoalKind]
STATUSES = [(s.value, s.value.capitalize()) for s in GoalStatus]
# The services name a refused field as the CLI's options do; the forms' names for the same fields.
FORM_FIELDS = {
    "start": "start_value",
    "target": "target_value",
    "direction": "target_value",
    "effort": "effort_hours",
    "after": "depends_on",
    "task": "depends_on",
}
NEW_GOAL_FIELDS = ("title", "why", "kind", "measure", "metric", "unit", "start_value", "target_value",
                   "start_date", "target_date", "parent", "weight", "target_occupation")  # fmt: skip
TASK_FIELDS = ("task_title", "task_kind", "due", "effort_hours")  # task_: the goal's edit form has a title too
EMPTY_TASK: dict[str, Any] = {"task_title": "", "task_kind": "task", "due": "", "effort_hours": "", "depends_on": []}
EDIT_FIELDS = ("title", "why", "target_date", "target_value", "status", "reason", "version")


def form_field(service_field: str | None) -> str | None:
    return FORM_FIELDS.get(service_field or "", service_field)


def parse_day(text: str, *, field: str, label: str, required: bool = False) -> date | None:
    """A date typed in a form (a browser's date field sends YYYY-MM-DD); '' is None unless required."""
    text = text.strip()
    if not text:
        if required:
            raise ValidationError(f"Choose the {label}.", field=field)
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"'{text}' is not a date: use YYYY-MM-DD, for example 2027-06-30.", field=field) from None


def measure_from(form: dict[str, str]) -> Measure:
    """The measure the new-goal form describes: milestones, or a number from a start value to a target."""
    if form.get("measure", "milestones") != "numeric":
        return MilestoneMeasure()
    start = parse_number(form.get("start_value", ""), field="start_value", label="start value")
    target = parse_number(form.get("target_value", ""), field="target_value", label="target value")
    if not form.get("metric", "").strip():
        raise ValidationError("Name what you measure, such as 'salary' or 'certifications'.", field="metric")
    if start is None:
        raise ValidationError("Give the value you start from.", field="start_value")
    if target is None:
        raise ValidationError("Give the value you aim for.", field="target_value")
    return numeric_measure(form.get("metric", ""), form.get("unit", ""), start, target)


def edit_changes(goal: Goal, form: dict[str, str]) -> dict[str, Any]:
    """The goal's fields as the edit form sets them (unchanged ones too: the service keeps only differences)."""
    changes: dict[str, Any] = {"title": form.get("title", ""), "why": form.get("why", "")}
    changes["target_date"] = parse_day(
        form.get("target_date", ""), field="target_date", label="target date", required=True
    )
    if isinstance(goal.measure, NumericMeasure) and "target_value" in form:
        m = goal.measure
        target = parse_number(form["target_value"], field="target_value", label="target value")
        if target is None:
            raise ValidationError("Give the value you aim for.", field="target_value")
        if target != m.target:
            changes["measure"] = numeric_measure(m.metric, m.unit, m.start, target)
    return changes


def edit_values(goal: Goal) -> dict[str, str]:
    """The edit form filled with the goal as it is stored."""
    values = {
        "title": goal.title,
        "why": goal.why,
        "target_date": goal.target_date.isoformat(),
        "status": str(goal.status),
        "reason": "",
        "version": str(goal.version),
    }
    if isinstance(goal.measure, NumericMeasure):
        values["target_value"] = plain_number(goal.measure.target)
    return values


def parent_options(views: list[GoalView]) -> list[tuple[str, str]]:
    """The goals a new goal can serve, indented by their depth in the tree."""
    depth: dict[int, int] = {}
    options = [("", "None: a goal of its own")]
    for view in views:
        g = view.goal
        assert g.id is not None
        depth[g.id] = depth[g.parent_id] + 1 if g.parent_id in depth else 0
        options.append((str(g.id), "\u2003" * depth[g.id] + g.title))
    return options


def read_new_goal(
    values: dict[str, str], today: date, catalog: OccupationCatalog
) -> tuple[dict[str, Any], dict[str, str]]:
    """The new goal's typed fields as the service takes them, and an error for each that cannot be read."""
    readers: dict[str, Callable[[], Any]] = {
        "kind": lambda: kind(values["kind"]),
        "measure": lambda: measure_from(values),
        "start_date": lambda: parse_day(values["start_date"], field="start_date", label="start date") or today,
        "target_date": lambda: required_day(values["target_date"], "target_date", "date you aim to get there by"),
        "weight": lambda: parse_number(values["weight"], field="weight", label="weight") or 1.0,
        "target_occupation": lambda: occupation(catalog, values["target_occupation"]),
    }
    read: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, reader in readers.items():
        try:
            read[name] = reader()
        except ValidationError as error:
            error.field = form_field(error.field)
            errors.update(field_errors(error, default=name))
    return read, errors


def kind(text: str) -> GoalKind:
    try:
        return GoalKind(text or "career")
    except ValueError:
        raise ValidationError("Choose the kind of goal from the list.", field="kind") from None


def required_day(text: str, field: str, label: str) -> date:
    found = parse_day(text, field=field, label=label, required=True)
    assert found is not None  # required: '' was refused
    return found


def occupation(catalog: OccupationCatalog, code: str) -> str | None:
    """The O*NET-SOC code typed, checked against the catalogue; '' is none."""
    if not code.strip():
        return None
    try:
        return catalog.occupation(code.strip()).code
    except (NotFound, ValidationError):
        raise ValidationError(
            f"'{code.strip()}' is not an occupation Headway knows.",
            field="target_occupation",
            hint="Find its code on the Occupations page, such as 11-2022.00 for sales managers.",
        ) from None


def version(text: str) -> int | None:
    if not text.strip():
        return None
    if not text.strip().isdigit() or len(text.strip()) > 18:
        raise ValidationError("The form's version is not a number; reload the page and edit again.")
    return int(text)


def status(text: str) -> GoalStatus:
    try:
        return GoalStatus(text)
    except ValueError:
        raise ValidationError("Choose the status from the list.", field="status") from None
