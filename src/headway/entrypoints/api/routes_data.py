"""/api/v1 export, import and delete of the person's whole record."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["data"])
