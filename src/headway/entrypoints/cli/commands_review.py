"""`headway review`: the periodic review, as Markdown or JSON."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from headway.entrypoints.cli.options import add_json, subcommand

if TYPE_CHECKING:
    from headway.entrypoints.cli.main import Context


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    review = subcommand(
        commands, common, "review", "write a review of the last month, quarter or year (Markdown, or --json)"
    )
    review.add_argument("--period", choices=("month", "quarter", "year"), default="quarter")
    review.add_argument("--output", "-o", metavar="FILE", help="write the Markdown to FILE")
    add_json(review)
    review.set_defaults(handler=cmd_review)


def cmd_review(args: argparse.Namespace, ctx: Context) -> int:
    from headway.services.review import review

    report = review(ctx.uow, args.period, ctx.today)
    if args.json:
        from headway.entrypoints.cli.review_json import review_json

        review_json(report)
        return 0
    from headway.adapters.formats.review_markdown import review_markdown

    text = review_markdown(report)
    if args.output:
        from pathlib import Path

        Path(args.output).write_text(text, encoding="utf-8")
        print(f"Wrote the {args.period}'s review ({report.start} to {report.end}) to {args.output}.")
    else:
        sys.stdout.write(text)
    return 0
