"""Rate-limit counters in Redis (HEADWAY_REDIS_URL), shared by every worker and machine: INCR with an expiry.

Redis keeps the time (a key expires when its window ends), so `now` is not used here.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any


class RedisRateLimiter:
    def __init__(self, url: str, *, prefix: str = "headway:rate:") -> None:
        import redis

        self._redis: Any = redis.Redis.from_url(url)
        self._prefix = prefix

    def hit(self, key: str, *, limit: int, window: timedelta, now: datetime) -> int | None:
        name = self._prefix + key
        # The window starts with the key (SET NX EX), then counts: one MULTI, and no EXPIRE NX, which Redis
        # before 7.0 refuses (leaving a counter that never expired).
        with self._redis.pipeline() as pipe:
            pipe.set(name, 0, ex=max(1, int(window.total_seconds())), nx=True)
            pipe.incr(name)
            pipe.ttl(name)
            _, hits, ttl = pipe.execute()
        return None if int(hits) <= limit else max(1, int(ttl))

    def blocked(self, key: str, *, limit: int, window: timedelta, now: datetime) -> int | None:
        name = self._prefix + key
        with self._redis.pipeline() as pipe:
            pipe.get(name)
            pipe.ttl(name)
            hits, ttl = pipe.execute()
        if hits is None or int(hits) < limit:
            return None
        return max(1, int(ttl))
