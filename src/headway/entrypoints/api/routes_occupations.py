"""/api/v1 occupations, skills, gap, paths and about."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["occupations"])
