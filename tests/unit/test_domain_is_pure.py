"""The domain imports only the standard library and itself, so it can be read and tested without anything else.

The modules are parsed, not imported: an import hidden inside a function counts too.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[2] / "src" / "headway" / "domain"


def forbidden_imports(source: str) -> list[tuple[int, str]]:
    """(line, module) for every import that is neither standard library nor headway.domain."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 1:  # `from . import x` / `from .goals import x`: inside the domain package
                continue
            if node.level > 1:  # `from .. import services` climbs out of the domain
                found.append((node.lineno, "." * node.level + (node.module or "")))
                continue
            modules = [node.module or ""]
        else:
            continue
        for module in modules:
            top = module.split(".")[0]
            if top in sys.stdlib_module_names or module == "headway.domain" or module.startswith("headway.domain."):
                continue
            found.append((node.lineno, module))
    return found


def test_every_domain_module_imports_only_the_standard_library_and_the_domain() -> None:
    modules = sorted(DOMAIN.rglob("*.py"))
    assert {"goals.py", "tasks.py", "progress.py", "records.py"} <= {m.name for m in modules}, f"no domain at {DOMAIN}"
    offenders = [
        f"{module.relative_to(DOMAIN.parent)}:{line} imports {name}"
        for module in modules
        for line, name in forbidden_imports(module.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "The domain must import only the standard library:\n" + "\n".join(offenders)


@pytest.mark.parametrize(
    ("source", "offender"),
    [
        ("import dateparser", "dateparser"),
        ("from headway.services.ports import UnitOfWork", "headway.services.ports"),
        ("from headway import adapters", "headway"),
        ("def parse():\n    import platformdirs", "platformdirs"),
        ("from .. import services", ".."),
    ],
)
def test_the_check_catches_what_does_not_belong(source: str, offender: str) -> None:
    assert [name for _, name in forbidden_imports(source)] == [offender]


def test_the_check_allows_the_standard_library_and_the_domain_itself() -> None:
    source = (
        "from __future__ import annotations\n"
        "import datetime, sqlite3\n"
        "from collections.abc import Mapping\n"
        "from headway.domain.errors import ValidationError\n"
        "from .goals import Goal\n"
    )
    assert forbidden_imports(source) == []
