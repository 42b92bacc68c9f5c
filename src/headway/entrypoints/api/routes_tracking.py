"""/api/v1 profile, check-ins, investments, reviews, cadence, ledger and balance."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["tracking"])
