"""Paginated lists: a page of items, and the cursor of the next page (None on the last one)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")
DEFAULT_LIMIT, MAX_LIMIT = 50, 200


class Page(BaseModel, Generic[T]):
    items: list[T]
    next: int | None = Field(description="pass it back (as the list's cursor parameter) for the next page")


def page_of(items: Sequence[T], limit: int, *, cursor: Callable[[T], int]) -> Page[T]:
    """`items` as fetched with limit + 1: one more than the page says whether another page follows."""
    shown = list(items[:limit])
    return Page[T](items=shown, next=cursor(shown[-1]) if len(items) > limit and shown else None)
