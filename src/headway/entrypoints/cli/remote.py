"""`headway --server URL ...`: the CLI against a Headway server, through its JSON API, with a personal API token.

The command line is parsed as for a local database; the commands below become API requests, and the answer is
printed as JSON (--json: the same documents as locally) or as a short text. Other commands say they work only
on a local database. The token comes from HEADWAY_TOKEN; it is never printed or written anywhere.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from headway.domain.errors import HeadwayError, ValidationError

MILESTONE = "milestone"  # a task's kind (named, so no document kind is read into it)
TOKEN_ENV = "HEADWAY_TOKEN"  # noqa: S105 - the variable's name, not a secret
TIMEOUT_S = 30


class RemoteError(HeadwayError):
    """The server refused the request, or could not be reached."""


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # under /api/v1
    body: dict[str, Any] | None = None
    query: dict[str, Any] | None = None
    versioned_by: str | None = None  # a change: the path whose record_version it is based on, read first


@dataclass(frozen=True)
class Client:
    base: str
    token: str

    def send(self, request: Request) -> Any:
        url = self.base.rstrip("/") + "/api/v1" + request.path
        if request.query:
            url += "?" + urllib.parse.urlencode({k: v for k, v in request.query.items() if v is not None})
        data = None if request.body is None else json.dumps(request.body).encode()
        http = urllib.request.Request(url, data=data, method=request.method)  # noqa: S310 - http(s) checked below
        http.add_header("Authorization", f"Bearer {self.token}")
        http.add_header("Accept", "application/json")
        if data is not None:
            http.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(http, timeout=TIMEOUT_S) as answer:  # noqa: S310
                text = answer.read().decode()
        except urllib.error.HTTPError as error:
            raise _refusal(error) from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise RemoteError(f"Cannot reach the Headway server at {self.base}: {reason}.") from None
        return json.loads(text) if text else None


def _refusal(error: urllib.error.HTTPError) -> RemoteError:
    try:
        body = json.loads(error.read().decode())["error"]
        message, hint, field = body["message"], body.get("hint"), body.get("field")
    except (ValueError, KeyError, TypeError):
        message, hint, field = f"The server answered {error.code} {error.reason}.", None, None
    if error.code == 401:
        hint = f"Check {TOKEN_ENV}: a token from the server (POST /api/v1/account/tokens), not revoked."
    return RemoteError(f"{message} (HTTP {error.code})", field=field, hint=hint)


def _print_status(doc: dict[str, Any]) -> None:
    profile = doc["profile"]
    who = profile["name"] + (f", {profile['current_role']}" if profile.get("current_role") else "")
    print(f"Headway - {who} - {doc['today']}")
    forecasts = {f["goal_id"]: f for f in doc["forecasts"]}
    print()
    print(f"Active goals ({len(doc['goals'])})" if doc["goals"] else "No active goals.")
    for goal in doc["goals"]:
        verdict = forecasts.get(goal["id"], {}).get("verdict", "")
        percent = goal["progress"]["percent"]
        print(f"  #{goal['id']:<4} {goal['title'][:40]:<40} {percent:3d}%  {goal['target_date']}  {verdict}")
    if doc["warnings"]:
        print()
        print(f"Warnings ({len(doc['warnings'])})")
        for warning in doc["warnings"]:
            print(f"  ! {warning['why']}")
            print(f"    next: {warning['next_step']}")
    for title, page in (("Next tasks", doc["next_tasks"]), ("Overdue", doc["overdue"])):
        print()
        print(f"{title} ({page['total']})" if page["tasks"] else f"{title}: none")
        for task in page["tasks"]:
            print(f"  #{task['id']:<5} {task['title'][:50]:<50} due {task['due'] or '-'}")


def _print_goals(doc: dict[str, Any]) -> None:
    if not doc["goals"]:
        print("No goals yet.")
    for goal in doc["goals"]:
        state = "" if goal["status"] == "active" else f" [{goal['status']}]"
        print(f"#{goal['id']} {goal['title']}{state}  {goal['progress']['percent']}%  target {goal['target_date']}")


def _print_goal(doc: dict[str, Any]) -> None:
    goal = doc["goal"]
    print(f"#{goal['id']} {goal['title']} (version {goal['record_version']})")
    print(f"  why:      {goal['why'] or '-'}")
    print(f"  status:   {goal['status']}   progress: {goal['progress']['percent']}%")
    print(f"  span:     {goal['start_date']} -> {goal['target_date']}")
    for task in doc.get("tasks", []):
        print(f"  #{task['id']:<5} {task['title'][:50]:<50} {task['status']:<8} due {task['due'] or '-'}")


def _print_history(doc: dict[str, Any]) -> None:
    print(f"History of goal #{doc['goal']['id']} {doc['goal']['title']}")
    for r in doc["revisions"]:
        change = r["after"] if r["before"] == "-" else f"{r['before']} -> {r['after']}"
        print(f"{r['at'][:10]}  {r['field'].replace('_', ' ')}: {change}")
        if r["reason"]:
            print(f"            why: {r['reason']}")


def _goal_add(args: argparse.Namespace) -> Request:
    body: dict[str, Any] = {"title": args.title, "why": args.why, "kind": args.kind, "target_date": args.target}
    if args.start:
        body["start_date"] = args.start
    if args.metric or args.start_value is not None or args.target_value is not None:
        body["measure"] = {
            "type": "numeric",
            "metric": args.metric,
            "unit": args.unit or "",
            "start": args.start_value,
            "target": args.target_value,
            "direction": args.direction,
        }
    if args.parent:
        body["parent_id"] = _number(args.parent, "parent")
    if args.weight != 1.0:
        body["weight"] = args.weight
    if args.target_occupation:
        body["target_occupation"] = args.target_occupation
    return Request("POST", "/goals", body)


def _goal_edit(args: argparse.Namespace) -> Request:
    body: dict[str, Any] = {"reason": args.reason}
    for name, value in (("title", args.title), ("why", args.why), ("kind", args.kind), ("start_date", args.start)):
        if value is not None:
            body[name] = value
    if args.target is not None:
        body["target_date"] = args.target
    if args.weight is not None:
        body["weight"] = args.weight
    if args.milestones:
        body["measure"] = {"type": "milestones"}
    if args.target_occupation is not None:
        body["target_occupation"] = args.target_occupation
    path = f"/goals/{_number(args.goal, 'goal')}"
    return Request("PATCH", path, body, versioned_by=path)


def _goal_status(args: argparse.Namespace) -> Request:
    path = f"/goals/{_number(args.goal, 'goal')}"
    return Request("POST", path + "/status", {"status": args.status, "reason": args.reason}, versioned_by=path)


def _number(ref: str, field: str) -> int:
    """A record's number (3 or #3): against a server, titles are not looked up."""
    text = ref.strip().removeprefix("#")
    if not text.isdigit():
        raise ValidationError(
            f"Against a server, give the {field}'s number, not {ref!r}.",
            field=field,
            hint="`headway --server URL goal list` shows the numbers.",
        )
    return int(text)


def _date(text: str | None, field: str, *, past: bool = False) -> str | None:
    """A date as typed ("in 6 weeks", "friday", 2027-03-31), read on this machine, sent as ISO."""
    if text is None:
        return None
    from headway.entrypoints.cli.dates import parse_user_date
    from headway.entrypoints.cli.settings import Settings

    today = Settings.load(None, demo=False).today  # the local clock (HEADWAY_TODAY fixes it, as locally)
    return parse_user_date(text, today, field=field, past=past).isoformat()


def _task_add(args: argparse.Namespace) -> Request:
    body: dict[str, Any] = {
        "goal_id": _number(args.goal, "goal"),
        "title": args.title,
        "kind": MILESTONE if args.milestone else "task",
        "depends_on": [_number(t, "after") for t in args.after],
    }
    for name, value in (("planned_start", _date(args.start, "start")), ("due", _date(args.due, "due"))):
        if value is not None:
            body[name] = value
    if args.effort is not None:
        body["effort_hours"] = args.effort
    return Request("POST", "/tasks", body)


def _task_list(args: argparse.Namespace) -> Request:
    goal = _number(args.goal, "goal") if args.goal else None
    query = {"all": "true" if args.all else None, "goal": goal, "limit": args.limit}
    return Request("GET", "/tasks", query=query)


def _task_done(args: argparse.Namespace) -> Request:
    path = f"/tasks/{_number(args.task, 'task')}"
    return Request("POST", path + "/done", {"on": _date(args.on, "on", past=True)}, versioned_by=path)


def _invest(args: argparse.Namespace) -> Request:
    from headway.entrypoints.cli.commands_record import CATEGORIES

    if args.category not in CATEGORIES:
        raise ValidationError(f"`headway invest {args.category}` works on a local database only.")
    body = {
        "category": args.category,
        "hours": args.hours,
        "amount": args.amount,
        "currency": args.currency,
        "goal_id": _number(args.goal, "goal") if args.goal else None,
        "date": _date(args.on, "on", past=True),
        "note": args.note,
    }
    return Request("POST", "/investments", {k: v for k, v in body.items() if v is not None})


def _checkin(args: argparse.Namespace) -> Request:
    if not args.stdin:
        raise ValidationError(
            "Against a server, a check-in is sent as JSON: `headway --server URL checkin --stdin < checkin.json`.",
            hint="docs/json.md shows the check-in document.",
        )
    try:
        document = json.loads(sys.stdin.read())
    except ValueError as error:
        raise ValidationError(f"The check-in on standard input is not JSON: {error}.") from None
    return Request("POST", "/checkins", document)


def _print_tasks(doc: dict[str, Any]) -> None:
    if not doc["tasks"]:
        print("No tasks.")
    for task in doc["tasks"]:
        mark = "*" if task["kind"] == "milestone" else "-"
        print(f"#{task['id']:<5} {mark} {task['title'][:50]:<50} {task['status']:<8} due {task['due'] or '-'}")
    if doc["total"] > len(doc["tasks"]):
        print(f"... and {doc['total'] - len(doc['tasks'])} more")


def _print_task(doc: dict[str, Any]) -> None:
    task = doc["task"]
    print(
        f"#{task['id']} {task['title']}: {task['status']}, due {task['due'] or '-'} (version {task['record_version']})"
    )


def _print_saved(doc: dict[str, Any]) -> None:
    print(f"Saved ({doc.get('kind', 'done')}).")


def _print_json(doc: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")


Route = tuple[Callable[[argparse.Namespace], Request], Callable[[dict[str, Any]], None]]
ROUTES: dict[str, Route] = {
    "status": (lambda a: Request("GET", "/status"), _print_status),
    "goal list": (lambda a: Request("GET", "/goals", query={"all": "true" if a.all else None}), _print_goals),
    "goal show": (lambda a: Request("GET", f"/goals/{_number(a.goal, 'goal')}"), _print_goal),
    "goal add": (_goal_add, _print_goal),
    "goal edit": (_goal_edit, _print_goal),
    "goal status": (_goal_status, _print_goal),
    "history": (lambda a: Request("GET", f"/goals/{_number(a.goal, 'goal')}/history"), _print_history),
    "task list": (_task_list, _print_tasks),
    "task add": (_task_add, _print_task),
    "task done": (_task_done, _print_task),
    "invest": (_invest, _print_saved),
    "checkin": (_checkin, _print_saved),
    "export": (lambda a: Request("GET", "/export"), _print_json),
}


def command_name(args: argparse.Namespace) -> str:
    action = getattr(args, "action", None)
    return f"{args.command} {action}" if isinstance(action, str) else str(args.command)


def run(args: argparse.Namespace, server: str, token: str | None) -> int:
    """Run one parsed command against the server; 0 on success (errors raise, as local commands do)."""
    if not server.startswith(("http://", "https://")):
        raise ValidationError(f"--server {server!r} is not an http:// or https:// address.", field="server")
    if not token:
        raise ValidationError(
            f"Working against a server needs a personal API token in {TOKEN_ENV}.",
            hint="Create one on the server (POST /api/v1/account/tokens, scope write to make changes).",
        )
    name = command_name(args)
    route = ROUTES.get(name)
    if route is None:
        supported = ", ".join(sorted(ROUTES))
        raise ValidationError(
            f"`headway {name}` works on a local database only, not yet against a server.",
            hint=f"Against a server: {supported}; everything else is in the API (/api/docs).",
        )
    build, show = route
    client = Client(server, token)
    request = build(args)
    if request.versioned_by:  # a change names the version it is based on: the one read just now
        current = client.send(Request("GET", request.versioned_by))
        version = next(v["record_version"] for v in current.values() if isinstance(v, dict) and "record_version" in v)
        request = Request(request.method, request.path, {**(request.body or {}), "version": version}, request.query)
    document = client.send(request)
    if getattr(args, "json", False):
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    else:
        show(document)
    return 0
