"""/api/v1 tasks, dependencies, a goal's plan, schedule, replan, baseline, forecast and generated plan."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["tasks"])
