"""The browser tests' own set-up: a developer without Chromium or axe-core is told how to install them, and CI,
where they must run, fails instead of skipping them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import conftest
from tests.browser.conftest import chromium_missing, unavailable


def test_a_missing_chromium_says_how_to_install_it(tmp_path: Path) -> None:
    reason = chromium_missing(tmp_path / "chromium")
    assert reason is not None
    assert "sudo apt-get install chromium" in reason
    assert "HEADWAY_CHROMIUM" in reason
    (tmp_path / "chromium").write_text("#!/bin/sh\n")
    assert "not executable" in (chromium_missing(tmp_path / "chromium") or "")


@pytest.mark.parametrize("ci", ["", "false"])
def test_on_a_developers_machine_a_missing_browser_skips(monkeypatch: pytest.MonkeyPatch, ci: str) -> None:
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception, match="apt-get"):
        unavailable("Chromium is not installed at /nowhere: sudo apt-get install chromium")


@pytest.mark.parametrize("ci", ["true", "1"])
def test_under_ci_a_missing_browser_fails(monkeypatch: pytest.MonkeyPatch, ci: str) -> None:
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="CI=true, so the browser tests must run"):
        unavailable("Chromium is not installed at /nowhere: sudo apt-get install chromium")


def test_under_ci_missing_axe_core_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CI", "true")
    monkeypatch.setattr(conftest, "AXE", tmp_path / "axe.min.js")
    with pytest.raises(pytest.fail.Exception, match="make browser-deps"):
        conftest.axe_source()
