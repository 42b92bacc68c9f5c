"""Keeping a check-in draft when two saves cross: the page's autosave (sent as a field loses focus) and the step's
Next can reach the server in either order, each built from the draft as it was when its request began."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from headway.services import checkin_drafts
from tests.unit.fakes import FakeUnitOfWork

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)


def test_an_autosave_built_before_next_does_not_send_the_person_back_a_step(uow: FakeUnitOfWork) -> None:
    before = replace(checkin_drafts.new_draft(TODAY), note="typed")  # both requests read this (step 1)
    checkin_drafts.save(uow, replace(before, reached=2), now=NOW)  # Next: step 2 reached
    checkin_drafts.save(uow, before, now=NOW, create=False)  # the autosave, written after
    kept = checkin_drafts.load(uow)
    assert kept is not None
    assert kept.reached == 2
    assert kept.note == "typed"


def test_an_autosave_after_the_check_in_was_recorded_does_not_bring_the_draft_back(uow: FakeUnitOfWork) -> None:
    draft = replace(checkin_drafts.new_draft(TODAY), note="typed")
    checkin_drafts.save(uow, draft, now=NOW)
    checkin_drafts.discard(uow)  # as recording the check-in deletes it
    checkin_drafts.save(uow, draft, now=NOW, create=False)
    assert checkin_drafts.load(uow) is None


def test_the_first_keystroke_makes_the_draft(uow: FakeUnitOfWork) -> None:
    checkin_drafts.save(uow, replace(checkin_drafts.new_draft(TODAY), note="a"), now=NOW, create=True)
    kept = checkin_drafts.load(uow)
    assert kept is not None
    assert kept.note == "a"
