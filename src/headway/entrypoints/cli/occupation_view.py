"""Text and JSON for occupations, skills, gaps, career paths and generated plans."""

from __future__ import annotations

import argparse
import textwrap
from typing import TYPE_CHECKING, Any, Literal

from headway.entrypoints.cli.render import table

if TYPE_CHECKING:
    from collections.abc import Iterable

    from headway.domain.occupations import OccupationProfile, Outlook, Wages
    from headway.domain.skills import SkillLevel
    from headway.entrypoints.cli.main import Context
    from headway.services.catalog import Match, OccupationCatalog
    from headway.services.occupations import Move, Paths
    from headway.services.skills import GapReport, GeneratedPlan, SkillsProfile

WIDTH = 100
TOP = 10  # elements, tasks and technologies a profile shows without --all
SCALES = {"RL": "education", "RW": "related work experience", "PT": "on-site training", "OJ": "on-the-job training"}
NOT_PUBLISHED = "not published"


def money(value: int | None, top_coded: bool = False) -> str:
    if value is None:
        return NOT_PUBLISHED
    return f"{value:,} or more" if top_coded else f"{value:,}"


def thousands(value: float | None) -> str:
    return NOT_PUBLISHED if value is None else f"{value:,g} thousand"


# -- occupations match, about ------------------------------------------------------------------------------------


def matches_json(query: str, found: Iterable[Match]) -> dict[str, Any]:
    return {
        "query": query,
        "matches": [{"code": m.code, "title": m.title, "score": m.score, "why": m.why} for m in found],
    }


def about_json(catalog: OccupationCatalog) -> dict[str, Any]:
    from headway import __version__

    meta = catalog.meta
    return {
        "headway": __version__,
        "onet_version": meta.get("onet_version"),
        "oews_release": meta.get("oews_release"),
        "projections_release": meta.get("projections_release"),
        "attributions": catalog.attributions(),
    }


# -- occupations show --------------------------------------------------------------------------------------------


def print_profile(profile: OccupationProfile, catalog: OccupationCatalog, *, everything: bool) -> None:
    o = profile.occupation
    print(f"{o.code} {o.title}")
    print(textwrap.fill(o.description, WIDTH, initial_indent="  ", subsequent_indent="  "))
    print()
    zone = profile.job_zone
    if zone is None:
        print("Job zone: O*NET gives no job zone for this occupation.")
    else:
        print(f"{zone.name} (job zone {zone.zone} of 5)")
        for label, text in (
            ("education", zone.education),
            ("experience", zone.experience),
            ("training", zone.training),
        ):
            print(textwrap.fill(f"{label}: {text}", WIDTH, initial_indent="  ", subsequent_indent="    "))
    _education(profile)
    print()
    if not profile.rated:
        print("Skills and knowledge: O*NET has no importance or level ratings for this occupation.")
    else:
        elements = catalog.elements
        for domain, label in (("skill", "Skills"), ("knowledge", "Knowledge")):
            rated = [r for r in profile.ratings.values() if elements[r.element_id].domain == domain]
            rated.sort(key=lambda r: (-r.importance, -r.level))
            shown = rated if everything else rated[:TOP]
            print(f"{label} (importance 1-5, level 0-7), {len(shown)} of {len(rated)}:")
            rows = [[elements[r.element_id].name, f"{r.importance:g}", f"{r.level:g}", _flags(r)] for r in shown]
            for line in table(rows, header=["element", "importance", "level", ""], indent="  "):
                print(line.rstrip())
    print()
    tasks = profile.tasks if everything else profile.tasks[:TOP]
    print(f"Typical tasks, {len(tasks)} of {len(profile.tasks)}:" if profile.tasks else "Tasks: none listed.")
    for task in tasks:
        print(textwrap.fill(task.statement, WIDTH, initial_indent="  - ", subsequent_indent="    "))
    hot = [t for t in profile.technologies if t.hot]
    if hot:
        shown_tech = hot if everything else hot[:TOP]
        names = ", ".join(t.example + (" (in demand)" if t.in_demand else "") for t in shown_tech)
        print(textwrap.fill(f"Hot technologies, {len(shown_tech)} of {len(hot)}: {names}", WIDTH))
    print()
    _wages(profile.wages)
    _outlook(profile.outlook)


def _flags(rating: Any) -> str:
    notes = []
    if rating.not_relevant:
        notes.append("not relevant")
    if rating.suppress:
        notes.append("low precision")
    return ", ".join(notes)


def _education(profile: OccupationProfile) -> None:
    for scale, label in SCALES.items():
        shares = [e for e in profile.education if e.scale == scale]
        if shares:
            top = max(shares, key=lambda e: e.percent)
            print(f"  most common {label}: {top.description} ({top.percent:g}% of workers)")


def _wages(wages: Wages | None) -> None:
    if wages is None:
        print("Wages: BLS publishes no national wage figures for this occupation.")
        return
    broader = f" (for the broader group {wages.soc} {wages.title})" if wages.broader else ""
    print(f"Wages, annual US dollars, BLS OEWS May 2025{broader}:")
    rows = [[f"{p}th" if p != 50 else "median", money(v, p in wages.top_coded)] for p, v in wages.percentiles()]
    for line in table(rows, indent="  "):
        print(line)
    print(f"  employment: {money(wages.employment)}")


def _outlook(outlook: Outlook | None) -> None:
    if outlook is None:
        print("Outlook: BLS publishes no 2024-34 projection for this occupation.")
        return
    change = "" if outlook.change_percent is None else f" ({outlook.change_percent:+g}%)"
    broader = f" (for the broader group {outlook.soc} {outlook.title})" if outlook.broader else ""
    print(f"Outlook 2024-34, BLS Employment Projections{broader}:")
    print(f"  employment {thousands(outlook.employment_2024)} -> {thousands(outlook.employment_2034)}{change}")
    print(f"  openings a year: {thousands(outlook.openings)}")
    print(f"  typical entry education: {outlook.education or NOT_PUBLISHED}")
    print(f"  work experience: {outlook.experience or NOT_PUBLISHED}; training: {outlook.training or NOT_PUBLISHED}")


def profile_json(profile: OccupationProfile, catalog: OccupationCatalog) -> dict[str, Any]:
    o, zone, w, out = profile.occupation, profile.job_zone, profile.wages, profile.outlook
    elements = catalog.elements
    return {
        "occupation": {"code": o.code, "title": o.title, "description": o.description},
        "job_zone": None
        if zone is None
        else {
            "zone": zone.zone,
            "name": zone.name,
            "education": zone.education,
            "experience": zone.experience,
            "training": zone.training,
        },
        "ratings": [
            {
                "element_id": r.element_id,
                "name": elements[r.element_id].name,
                "domain": str(elements[r.element_id].domain),
                "importance": r.importance,
                "level": r.level,
                "not_relevant": r.not_relevant,
                "low_precision": r.suppress,
            }
            for r in sorted(profile.ratings.values(), key=lambda r: (-r.importance, r.element_id))
        ],
        "education": [
            {"scale": e.scale, "category": e.category, "description": e.description, "percent": e.percent}
            for e in profile.education
        ],
        "tasks": [{"id": t.task_id, "statement": t.statement, "type": t.task_type} for t in profile.tasks],
        "technologies": [
            {"example": t.example, "commodity": t.commodity, "hot": t.hot, "in_demand": t.in_demand}
            for t in profile.technologies
        ],
        "wages": None if w is None else wages_json(w),
        "outlook": None
        if out is None
        else {
            "soc": out.soc,
            "broader_group": out.broader,
            "employment_2024_thousands": out.employment_2024,
            "employment_2034_thousands": out.employment_2034,
            "change_percent": out.change_percent,
            "annual_openings_thousands": out.openings,
            "median_wage_2024": out.median_wage_2024,
            "median_wage_top_coded": out.median_wage_top_coded,
            "entry_education": out.education,
            "work_experience": out.experience,
            "training": out.training,
        },
    }


def profile_page_json(profile: OccupationProfile, catalog: OccupationCatalog, *, everything: bool) -> dict[str, Any]:
    """The profile as the text shows it: without `everything`, the ten most important skills and knowledge areas,
    the first ten tasks and technologies; `totals` and `complete` say what was left out."""
    payload = profile_json(profile, catalog)
    totals = {key: len(payload[key]) for key in ("ratings", "tasks", "technologies")}
    if not everything:
        elements = catalog.elements
        kept: set[str] = set()
        for domain in ("skill", "knowledge"):
            rated = [r for r in profile.ratings.values() if elements[r.element_id].domain == domain]
            rated.sort(key=lambda r: (-r.importance, -r.level))
            kept.update(r.element_id for r in rated[:TOP])
        payload["ratings"] = [r for r in payload["ratings"] if r["element_id"] in kept]
        payload["tasks"] = payload["tasks"][:TOP]
        payload["technologies"] = payload["technologies"][:TOP]
    payload["totals"] = totals
    payload["complete"] = all(len(payload[key]) == count for key, count in totals.items())
    return payload


def wages_json(w: Wages) -> dict[str, Any]:
    return {
        "soc": w.soc,
        "title": w.title,
        "broader_group": w.broader,
        "employment": w.employment,
        "annual": {"p10": w.p10, "p25": w.p25, "median": w.median, "p75": w.p75, "p90": w.p90, "mean": w.mean},
        "top_coded_percentiles": sorted(w.top_coded),
    }


# -- skills ------------------------------------------------------------------------------------------------------


def skill_json(entry: SkillLevel, catalog: OccupationCatalog) -> dict[str, Any]:
    element = catalog.elements.get(entry.element_id)
    return {
        "element_id": entry.element_id,
        "name": element.name if element else entry.element_id,
        "level": entry.level,
        "evidence": str(entry.evidence),
        "source": entry.source,
        "note": entry.note,
        "date": entry.on_date.isoformat(),
    }


def skills_json(profile: SkillsProfile, catalog: OccupationCatalog, *, everything: bool) -> dict[str, Any]:
    """The current levels; with `everything`, also the elements not rated yet (`unrated`)."""
    payload: dict[str, Any] = {"skills": [skill_json(s, catalog) for s in profile.current.values()]}
    if everything:
        payload["unrated"] = [
            {"element_id": e.id, "name": e.name, "domain": str(e.domain)}
            for e in profile.elements.values()
            if e.id not in profile.current
        ]
    return payload


def entries_json(entries: Iterable[SkillLevel], catalog: OccupationCatalog) -> dict[str, Any]:
    return {"entries": [skill_json(e, catalog) for e in entries]}


def print_skills(profile: SkillsProfile, *, everything: bool) -> None:
    if not profile.current and not everything:
        print("No skills yet. Start from your current job: headway skills from-occupation CODE")
        print('(find the code with `headway occupations match "your job title"`), then adjust with `skills set`.')
        return
    for domain, label in (("skill", "Skills"), ("knowledge", "Knowledge")):
        rows = []
        for element in profile.elements.values():
            if element.domain != domain:
                continue
            held = profile.current.get(element.id)
            if held is None and not everything:
                continue
            rows.append(
                [element.id, element.name]
                + (["-", "not rated", ""] if held is None else [f"{held.level:g}", str(held.evidence), held.source])
            )
        if rows:
            print(f"{label} (level 0-7):")
            for line in table(rows, header=["id", "element", "level", "evidence", "source"], indent="  "):
                print(line.rstrip())


# -- gap ---------------------------------------------------------------------------------------------------------


def print_gap(report: GapReport, *, everything: bool) -> None:
    o = report.occupation
    print(f"Your skills against {o.code} {o.title}")
    if report.gap is None:
        print("O*NET has no skill or knowledge ratings for this occupation, so there is no gap to compute.")
        return
    g = report.gap
    print(f"Readiness: {100 * g.readiness:.0f}%  (importance-weighted share of the required levels you reach)")
    if g.unrated:
        print(
            f"{g.unrated} of {len(g.lines)} elements are not in your profile and count as level 0: "
            "`headway skills from-occupation CODE` fills them from your current job."
        )
    lines = g.lines if everything else g.gaps
    print()
    if not lines:
        print("No gaps: you reach every level this occupation needs.")
    rows = [
        [
            line.element.name,
            f"{line.importance:g}",
            f"{line.target_level:g}",
            "-" if line.person_level is None else f"{line.person_level:g}",
            f"{line.shortfall:.2f}",
            f"{line.priority:.2f}",
        ]
        for line in lines
    ]
    for text in table(rows, header=["element", "importance", "needs", "you", "gap", "priority"]):
        print(text.rstrip())
    if report.activities:
        print()
        print("What to do about the top gaps (hours are estimates; adjust them):")
        for element_id, acts in report.activities.items():
            name = next(line.element.name for line in g.lines if line.element.id == element_id)
            print(f"  {name}:")
            for act in acts:
                print(
                    textwrap.fill(
                        f"{act.title} (~{act.hours:g} h)", WIDTH, initial_indent="    - ", subsequent_indent="      "
                    )
                )
    print()
    print("priority = (importance - 1) / 4 x gap; readiness = sum(w x min(you, needs)) / sum(w x needs).")


def gap_json(report: GapReport) -> dict[str, Any]:
    g = report.gap
    return {
        "occupation": {"code": report.occupation.code, "title": report.occupation.title},
        "rated": g is not None,
        "readiness": None if g is None else round(g.readiness, 4),
        "unrated_elements": None if g is None else g.unrated,
        "elements": []
        if g is None
        else [
            {
                "element_id": line.element.id,
                "name": line.element.name,
                "domain": str(line.element.domain),
                "importance": line.importance,
                "target_level": line.target_level,
                "your_level": line.person_level,
                "evidence": None if line.evidence is None else str(line.evidence),
                "gap": round(line.shortfall, 4),
                "priority": round(line.priority, 4),
            }
            for line in g.lines
        ],
        "activities": [
            {"element_id": element_id, "kind": str(a.kind), "title": a.title, "hours": a.hours}
            for element_id, acts in report.activities.items()
            for a in acts
        ],
    }


# -- paths -------------------------------------------------------------------------------------------------------


def _move_row(move: Move) -> list[str]:
    t, out = move.transfer, move.outlook
    growth = "-" if out is None or out.change_percent is None else f"{out.change_percent:+g}%"
    wage = "-" if move.wage_change is None else f"{move.wage_change:+,}"
    return [
        move.occupation.code,
        move.occupation.title[:48],
        "-" if t is None else f"{100 * t.transferability:.0f}%",
        "-" if t is None else f"{t.gap_size:.2f}",
        "-" if move.zone_step is None else f"{move.zone_step:+d}",
        wage,
        growth,
    ]


HEADER = ["code", "occupation", "transfer", "gap", "zone", "median wage", "growth"]


def print_paths(found: Paths) -> None:
    o = found.origin
    if not found.moves:
        print(f"O*NET lists no related occupations for {o.code} {o.title}.")
    else:
        print(f"Related occupations of {o.code} {o.title} (O*NET):")
        for line in table([_move_row(m) for m in found.moves], header=HEADER, indent="  "):
            print(line.rstrip())
    if found.target is not None and found.direct is not None:
        print()
        print(f"Direct move to {found.target.code} {found.target.title}:")
        for line in table([_move_row(found.direct)], header=HEADER, indent="  "):
            print(line.rstrip())
        print()
        if found.direct.transfer is None:
            print("O*NET rates the skills of only one of the two, or neither, so there are no gaps to compare routes.")
        elif not found.routes:
            print("No stepping-stone route of two or three moves has a smaller largest gap than the direct move.")
        for number, route in enumerate(found.routes, 1):
            stops = " -> ".join(m.occupation.title for m in route.moves)
            print(textwrap.fill(f"Route {number} (largest gap {route.largest_gap:.2f}): {o.title} -> {stops}", WIDTH))
    print()
    print("transfer = the target's required levels reached at the origin's typical levels, importance-weighted;")
    print("gap = importance-weighted mean shortfall in O*NET level points; zone = job zone step; wage = OEWS medians.")


def paths_json(found: Paths) -> dict[str, Any]:
    return {
        "from": {"code": found.origin.code, "title": found.origin.title},
        "to": None if found.target is None else {"code": found.target.code, "title": found.target.title},
        "related": [move_json(m) for m in found.moves],
        "direct": None if found.direct is None else move_json(found.direct),
        "routes": [
            {"largest_gap": round(r.largest_gap, 4), "moves": [move_json(m) for m in r.moves]} for r in found.routes
        ],
    }


def move_json(move: Move) -> dict[str, Any]:
    t, out = move.transfer, move.outlook
    return {
        "code": move.occupation.code,
        "title": move.occupation.title,
        "tier": move.tier or None,
        "transferability": None if t is None else round(t.transferability, 4),
        "gap": None if t is None else round(t.gap_size, 4),
        "job_zone_step": move.zone_step,
        "median_wage": None if move.wages is None else move.wages.median,
        "wage_change": move.wage_change,
        "wage_change_percent": move.wage_change_percent,
        "growth_percent": None if out is None else out.change_percent,
        "annual_openings_thousands": None if out is None else out.openings,
    }


# -- plan generate -----------------------------------------------------------------------------------------------


def cmd_plan_generate(goal: str, args: argparse.Namespace, ctx: Context) -> int:
    from headway.domain.errors import ValidationError
    from headway.services.skills import generate_plan

    accept: list[int] | Literal["all"] | None = None
    if args.accept is not None and args.accept.strip().lower() == "all":
        accept = "all"
    elif args.accept is not None:
        try:
            accept = [int(part) for part in args.accept.split(",") if part.strip()]
            if not accept:
                raise ValueError(args.accept)
        except ValueError:
            raise ValidationError(
                f"--accept {args.accept!r}: expected 'all' or numbers like 1,2,5.", field="accept"
            ) from None
    result = generate_plan(ctx.uow, ctx.catalog, goal, today=ctx.today, now=ctx.now, top=args.top, accept=accept)
    if args.json:
        from headway.entrypoints.cli.jsonout import emit

        emit("plan_proposal", generated_json(result))
        return 0
    print_generated(result)
    return 0


def print_generated(result: GeneratedPlan) -> None:
    g, p, occ = result.goal, result.proposal, result.report.occupation
    done = {t.title for t in result.added}
    print(f"Milestones for goal #{g.id} {g.title}, from the gap to {occ.code} {occ.title}:")
    rows = [
        [
            str(m.number),
            m.title[:70],
            f"{m.effort_hours:g} h",
            f"{m.planned_start} -> {m.due}",
            ", ".join(map(str, m.after)) or "-",
            "added" if m.title in done else "in plan" if m.number in result.already else "",
        ]
        for m in p.milestones
    ]
    for line in table(rows, header=["#", "milestone", "effort", "dates", "after", ""], indent="  "):
        print(line.rstrip())
    total = sum(m.effort_hours for m in p.milestones)
    print()
    print(
        f"{total:g} hours at {p.capacity:g} h a week from {result.start}: done by {p.needed_until}"
        + ("." if p.fits else f", after the target date {g.target_date}; the dates above are compressed to fit.")
    )
    if not p.fits:
        print(
            "Raise your weekly capacity (`headway cadence --capacity H`), plan fewer gaps (--top), or move the "
            "target date with a reason."
        )
    if result.added:
        count = "1 milestone" if len(result.added) == 1 else f"{len(result.added)} milestones"
        print(f"Added {count} to the plan (each kept in `headway history {g.id}` with its reason).")
        print(f"Edit or drop any with `headway task edit`; see the timeline with `headway plan {g.id}`.")
    elif len(result.already) == len(p.milestones):
        print(f"Every proposed milestone is already in the plan: `headway plan {g.id}` shows it.")
    else:
        print(f"Nothing added yet. Add them with `headway plan generate {g.id} --accept all` (or --accept 1,2,5).")


def generated_json(result: GeneratedPlan) -> dict[str, Any]:
    p = result.proposal
    return {
        "goal_id": result.goal.id,
        "occupation": {"code": result.report.occupation.code, "title": result.report.occupation.title},
        "start": result.start.isoformat(),
        "capacity_hours_per_week": p.capacity,
        "fits": p.fits,
        "needed_until": p.needed_until.isoformat(),
        "milestones": [
            {
                "number": m.number,
                "title": m.title,
                "kind": str(m.kind),
                "element_id": m.element_id,
                "element": m.element_name,
                "effort_hours": m.effort_hours,
                "planned_start": m.planned_start.isoformat(),
                "due": m.due.isoformat(),
                "after": list(m.after),
                "earns_level": m.closes_level,
            }
            for m in p.milestones
        ],
        "added_task_ids": [t.id for t in result.added],
        "already_in_plan": list(result.already),
    }
