"""`headway occupations`, `skills`, `gap`, `paths`, `about` and `data import-onet`: the occupation map."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from headway.entrypoints.cli.options import add_json, number, positive_int, subcommand

if TYPE_CHECKING:
    from headway.entrypoints.cli.main import Context

SORTS = ("relatedness", "transferability", "gap", "zone", "wage", "growth")
EVIDENCE = ("self", "credential")  # what a person states by hand; occupation and milestone evidence come from Headway


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    occupations = subcommand(commands, common, "occupations", "find occupations and read their O*NET and BLS profile")
    actions = occupations.add_subparsers(dest="action", metavar="ACTION", required=True)
    match = subcommand(actions, common, "match", "rank occupations for a job title or a goal in your own words")
    match.add_argument("text", nargs="?", metavar="TEXT", help='e.g. "I want to become a sales manager"')
    match.add_argument("--stdin", action="store_true", help="read one query per line; print one JSON line each")
    match.add_argument("--limit", type=positive_int, default=10, help="how many occupations (default 10, at most 50)")
    add_json(match)
    match.set_defaults(handler=cmd_match)
    show = subcommand(actions, common, "show", "an occupation's skills, education, tasks, technologies, wages, outlook")
    show.add_argument("code", metavar="CODE", help="O*NET-SOC code, e.g. 11-2022.00 (or 11-2022)")
    show.add_argument("--all", action="store_true", help="every rated element, task and technology")
    add_json(show)
    show.set_defaults(handler=cmd_show)
    _register_skills(commands, common)
    _register_paths(commands, common)


def _register_skills(commands: Any, common: argparse.ArgumentParser) -> None:
    skills = subcommand(commands, common, "skills", "your skills profile on O*NET's skills and knowledge areas")
    sk = skills.add_subparsers(dest="action", metavar="ACTION", required=True)
    set_ = subcommand(sk, common, "set", "state your level on a skill or knowledge area (O*NET's 0-7 scale)")
    set_.add_argument("element", metavar="ELEMENT", help="name or id, e.g. Negotiation or 2.B.1.d")
    set_.add_argument("level", type=number, metavar="LEVEL", help="0-7: about 2 basic, 4 proficient, 6 expert")
    set_.add_argument("--evidence", choices=EVIDENCE, default="self", help="self-rated (default) or a credential")
    set_.add_argument("--source", default="", help="the credential's name, e.g. 'PMP certification'")
    set_.add_argument("--note", default="")
    set_.add_argument("--on", metavar="DATE", help="when (default today)")
    add_json(set_)
    set_.set_defaults(handler=cmd_skills_set)
    listing = subcommand(sk, common, "list", "your current level on each element, with its evidence")
    listing.add_argument("--all", action="store_true", help="also the elements you have not rated")
    add_json(listing)
    listing.set_defaults(handler=cmd_skills_list)
    history = subcommand(sk, common, "history", "every level you stated or earned, oldest first")
    history.add_argument("element", nargs="?", metavar="ELEMENT", help="one element only")
    add_json(history)
    history.set_defaults(handler=cmd_skills_history)
    start = subcommand(sk, common, "from-occupation", "start your profile from an occupation's typical levels")
    start.add_argument("code", metavar="CODE")
    start.add_argument("--replace", action="store_true", help="also lower levels you stated higher")
    add_json(start)
    start.set_defaults(handler=cmd_skills_from_occupation)

    gap = subcommand(commands, common, "gap", "your skills against an occupation: the gaps, readiness, what to do")
    gap.add_argument("--target", required=True, metavar="CODE", help="the occupation you aim for")
    gap.add_argument("--top", type=positive_int, default=5, help="development activities for this many gaps")
    gap.add_argument("--all", action="store_true", help="every element, not only those with a gap")
    add_json(gap)
    gap.set_defaults(handler=cmd_gap)


def _register_paths(commands: Any, common: argparse.ArgumentParser) -> None:
    paths = subcommand(commands, common, "paths", "career paths: related occupations and stepping-stone routes")
    paths.add_argument("--from", dest="origin", required=True, metavar="CODE")
    paths.add_argument("--to", metavar="CODE", help="find routes of two or three moves towards this occupation")
    paths.add_argument("--sort", choices=SORTS, default="relatedness")
    add_json(paths)
    paths.set_defaults(handler=cmd_paths)

    about = subcommand(commands, common, "about", "Headway's version, its data sources and their attributions")
    add_json(about)
    about.set_defaults(handler=cmd_about)

    data = subcommand(commands, common, "data", "the bundled occupation data")
    da = data.add_subparsers(dest="action", metavar="ACTION", required=True)
    onet = subcommand(
        da, common, "import-onet", "rebuild the occupation data from an O*NET text release you downloaded"
    )
    onet.add_argument("directory", metavar="DIR", help="the unpacked release (files like 'Occupation Data.txt')")
    onet.set_defaults(handler=cmd_import_onet)


def cmd_match(args: argparse.Namespace, ctx: Context) -> int:
    from headway.domain.errors import HeadwayError, ValidationError
    from headway.entrypoints.cli.jsonout import emit, emit_line
    from headway.entrypoints.cli.occupation_view import matches_json
    from headway.services.occupations import match

    if args.stdin == (args.text is not None):
        raise ValidationError("Give the words to match, or --stdin to read one query per line (not both).")
    if args.stdin:
        failed = 0
        for line in sys.stdin:
            query = line.strip()
            if not query:
                continue
            try:
                payload = matches_json(query, match(ctx.catalog, query, limit=args.limit))
            except HeadwayError as error:  # one bad line says so and the batch goes on
                failed += 1
                payload = {"query": query, "matches": [], "error": error.message}
            emit_line("occupation_matches", payload)
        return 1 if failed else 0
    found = match(ctx.catalog, args.text, limit=args.limit)
    if args.json:
        emit("occupation_matches", matches_json(args.text, found))
        return 0
    if not found:
        print(f"No occupation matches '{args.text}'. Try a job title, e.g. 'sales manager'.")
        return 0
    from headway.entrypoints.cli.render import table

    rows = [[m.code, f"{m.score:.2f}", m.title] for m in found]
    for line in table(rows, header=["code", "score", "occupation"]):
        print(line)
    print()
    print(f"Best: {found[0].title} - {found[0].why}")
    print(f"Next: headway occupations show {found[0].code}")
    return 0


def cmd_show(args: argparse.Namespace, ctx: Context) -> int:
    from headway.entrypoints.cli.occupation_view import print_profile, profile_json
    from headway.services.occupations import show

    profile = show(ctx.catalog, args.code)
    if args.json:
        from headway.entrypoints.cli.jsonout import emit

        emit("occupation", profile_json(profile, ctx.catalog))
        return 0
    print_profile(profile, ctx.catalog, everything=args.all)
    return 0


def cmd_skills_set(args: argparse.Namespace, ctx: Context) -> int:
    from headway.domain.skills import Evidence
    from headway.entrypoints.cli.dates import parse_user_date
    from headway.services.skills import set_skill

    on = parse_user_date(args.on, ctx.today, field="on") if args.on else ctx.today
    element, entry = set_skill(
        ctx.uow,
        ctx.catalog,
        args.element,
        args.level,
        evidence=Evidence(args.evidence),
        source=args.source,
        note=args.note,
        on=on,
        now=ctx.now,
        today=ctx.today,
    )
    if args.json:
        from headway.entrypoints.cli.jsonout import emit
        from headway.entrypoints.cli.occupation_view import skill_json

        emit("skill", {"skill": skill_json(entry, ctx.catalog)})
        return 0
    print(f"{element.name} ({element.id}): level {entry.level:g} ({entry.evidence}) on {entry.on_date}.")
    return 0


def cmd_skills_list(args: argparse.Namespace, ctx: Context) -> int:
    from headway.entrypoints.cli.occupation_view import print_skills, skills_json
    from headway.services.skills import skills_profile

    profile = skills_profile(ctx.uow, ctx.catalog)
    if args.json:
        from headway.entrypoints.cli.jsonout import emit

        emit("skills", skills_json(profile, ctx.catalog, everything=args.all))
        return 0
    print_skills(profile, everything=args.all)
    return 0


def cmd_skills_history(args: argparse.Namespace, ctx: Context) -> int:
    from headway.entrypoints.cli.occupation_view import entries_json
    from headway.services.skills import skill_history

    entries = skill_history(ctx.uow, ctx.catalog, args.element)
    if args.json:
        from headway.entrypoints.cli.jsonout import emit

        emit("skill_history", entries_json(entries, ctx.catalog))
        return 0
    if not entries:
        print("No skill levels yet. Start with `headway skills from-occupation CODE` or `headway skills set`.")
        return 0
    from headway.entrypoints.cli.render import table

    names = ctx.catalog.elements
    rows = [
        [
            str(e.on_date),
            names[e.element_id].name if e.element_id in names else e.element_id,
            f"{e.level:g}",
            str(e.evidence),
            e.source,
        ]
        for e in entries
    ]
    for line in table(rows, header=["date", "element", "level", "evidence", "source"]):
        print(line)
    return 0


def cmd_skills_from_occupation(args: argparse.Namespace, ctx: Context) -> int:
    from headway.entrypoints.cli.occupation_view import entries_json
    from headway.services.skills import skills_from_occupation

    occupation, added = skills_from_occupation(
        ctx.uow, ctx.catalog, args.code, on=ctx.today, now=ctx.now, replace_higher=args.replace
    )
    if args.json:
        from headway.entrypoints.cli.jsonout import emit

        emit("skill_history", entries_json(added, ctx.catalog))
        return 0
    levels = "1 level" if len(added) == 1 else f"{len(added)} levels"
    print(f"Started from {occupation.code} {occupation.title}: {levels} set (evidence: occupation).")
    print("Adjust any with `headway skills set ELEMENT LEVEL`; see them with `headway skills list`.")
    return 0


def cmd_gap(args: argparse.Namespace, ctx: Context) -> int:
    from headway.entrypoints.cli.occupation_view import gap_json, print_gap
    from headway.services.skills import skill_gap

    report = skill_gap(ctx.uow, ctx.catalog, args.target, top=args.top)
    if args.json:
        from headway.entrypoints.cli.jsonout import emit

        emit("gap", gap_json(report))
        return 0
    print_gap(report, everything=args.all)
    return 0


def cmd_paths(args: argparse.Namespace, ctx: Context) -> int:
    from headway.entrypoints.cli.occupation_view import paths_json, print_paths
    from headway.services.occupations import PathSort, paths

    found = paths(ctx.catalog, args.origin, to=args.to, sort=PathSort(args.sort))
    if args.json:
        from headway.entrypoints.cli.jsonout import emit

        emit("paths", paths_json(found))
        return 0
    print_paths(found)
    return 0


def cmd_about(args: argparse.Namespace, ctx: Context) -> int:
    from headway import __version__

    catalog = ctx.catalog
    meta = catalog.meta
    if args.json:
        from headway.entrypoints.cli.jsonout import emit
        from headway.entrypoints.cli.occupation_view import about_json

        emit("about", about_json(catalog))
        return 0
    print(f"Headway {__version__}: career management you own. MIT licence.")
    print(
        f"Occupation data: O*NET {meta.get('onet_version')}, BLS OEWS {meta.get('oews_release')}, "
        f"BLS Employment Projections {meta.get('projections_release')}."
    )
    print()
    import textwrap

    for text in catalog.attributions():
        print(textwrap.fill(text, 100))
        print()
    return 0


def cmd_import_onet(args: argparse.Namespace, ctx: Context) -> int:
    import sqlite3
    from pathlib import Path

    from headway.adapters.occupations.build import bls_from_dataset, build
    from headway.adapters.occupations.store import OVERRIDE_NAME, OccupationStore, bundled_path, dataset_path
    from headway.domain.errors import ValidationError
    from headway.entrypoints.cli.settings import data_dir

    directory = Path(args.directory).expanduser()
    if not directory.is_dir():
        raise ValidationError(
            f"{directory} is not a folder.", hint="Unpack the O*NET text release and give its folder."
        )
    home = data_dir()
    try:
        wages, projections, meta = bls_from_dataset(dataset_path(home))
    except sqlite3.Error:  # a damaged earlier import: the BLS tables come from the bundled copy instead
        wages, projections, meta = bls_from_dataset(bundled_path(home / "cache"))
    counts = build(directory, home / OVERRIDE_NAME, wages=wages, projections=projections, bls_meta=meta)
    store = OccupationStore(home / OVERRIDE_NAME)
    print(f"Rebuilt the occupation data from O*NET {store.meta['onet_version']} in {home / OVERRIDE_NAME}:")
    print(
        f"  {counts['occupation']:,} occupations, {counts['rating']:,} ratings, {counts['title']:,} titles; "
        "BLS wages and projections kept."
    )
    return 0
