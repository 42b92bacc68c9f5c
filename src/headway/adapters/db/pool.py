"""Connections for a server: lent to one request at a time. PostgreSQL through psycopg_pool; SQLite files through
a queue of connections opened on demand (opening one costs little, and WAL lets them read side by side)."""

from __future__ import annotations

import queue
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from headway.adapters.db.connection import POSTGRES, Database, DatabaseError, open_database, redact, sqlite_path


class PoolBusy(Exception):
    """No connection was free within the time asked for."""


class DatabasePool:
    def __init__(self, url: str, *, size: int = 8) -> None:
        self.url = url
        self.size = size
        self._sqlite = sqlite_path(url) is not None
        self._idle: queue.LifoQueue[Database] = queue.LifoQueue()
        self._pg: Any = None
        # Bring the schema up to date once, before any request (several workers starting at once migrate once).
        open_database(url).close()
        if not self._sqlite:
            self._pg = _postgres_pool(url, size)

    @contextmanager
    def connection(self, *, timeout: float | None = None) -> Iterator[Database]:
        """A connection for the block. With `timeout`, PoolBusy when none is free by then (a SQLite file's
        connections are opened on demand, so it never is)."""
        if self._pg is not None:
            from psycopg_pool import PoolTimeout

            try:
                conn = self._pg.getconn(timeout=timeout)
            except PoolTimeout:
                raise PoolBusy from None
            try:
                yield Database(conn, POSTGRES, self.url)
            finally:
                self._pg.putconn(conn)
            return
        try:
            db = self._idle.get_nowait()
        except queue.Empty:
            db = open_database(self.url, migrate=False, threads=True)
        try:
            yield db
        finally:
            if self._idle.qsize() < self.size:
                self._idle.put(db)
            else:
                db.close()

    def close(self) -> None:
        if self._pg is not None:
            self._pg.close()
        while not self._idle.empty():
            self._idle.get_nowait().close()


def _postgres_pool(url: str, size: int) -> Any:
    from psycopg.rows import dict_row
    from psycopg_pool import ConnectionPool, PoolTimeout

    pool = ConnectionPool(
        url,
        min_size=1,
        max_size=size,
        kwargs={"autocommit": True, "row_factory": dict_row},
        open=False,
        name="headway",
    )
    try:
        pool.open(wait=True, timeout=10)
    except PoolTimeout:
        pool.close()
        raise DatabaseError(f"Cannot connect to PostgreSQL at {redact(url)}.") from None
    return pool
