"""Unit-test fixtures: the services run on the in-memory fake, with a fixed clock and no database."""

from __future__ import annotations

import pytest

from headway.domain.records import Profile
from headway.services.record import init_profile
from tests.unit.fakes import FakeUnitOfWork
from tests.unit.helpers import NOW


@pytest.fixture
def uow() -> FakeUnitOfWork:
    """Alice's empty career record. Overrides tests/conftest.py's `uow`: unit tests never open a database."""
    fake = FakeUnitOfWork()
    init_profile(fake, Profile(name="Alice", current_role="Account Executive", currency="EUR"), now=NOW)
    return fake


@pytest.fixture
def empty_uow() -> FakeUnitOfWork:
    """A store where `headway init` has not run yet."""
    return FakeUnitOfWork()
