"""Argument types and helpers shared by the commands."""

from __future__ import annotations

import argparse
import math
from typing import Any


def number(text: str) -> float:
    """A number as people write it: 62000, 62,000 or 2.5."""
    try:
        value = float(text.replace(",", "").replace("_", "").strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):  # 'nan' and 'inf' parse as floats, but no JSON or measure can hold them
        raise argparse.ArgumentTypeError(f"{text!r} is not a number")
    return value


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is below 1")
    return value


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON (shapes in docs/json.md)")


def subcommand(
    commands: Any, common: argparse.ArgumentParser, name: str, help_text: str, **kwargs: Any
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name, help=help_text, description=help_text, parents=[common], **kwargs
    )
    return parser


def goal_pairs(values: list[str], flag: str) -> list[tuple[str, str]]:
    """GOAL=VALUE flags (--value 3=68000, --still-right salary=y) as (goal, value) pairs."""
    from headway.domain.errors import ValidationError

    pairs = []
    for value in values:
        goal, sep, rest = value.partition("=")
        if not sep or not goal.strip():
            raise ValidationError(f"--{flag} {value!r}: expected GOAL=VALUE, e.g. --{flag} 3=...", field=flag)
        pairs.append((goal.strip(), rest.strip()))
    return pairs
