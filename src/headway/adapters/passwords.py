"""Password hashing with Argon2id (argon2-cffi), the parameters RFC 9106 recommends for memory-constrained use."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argon2


class Argon2Hasher:
    """Argon2id: 3 passes over 64 MiB by default. Tests may pass smaller costs; the algorithm stays the same."""

    def __init__(self, *, time_cost: int = 3, memory_kib: int = 65536, parallelism: int = 4) -> None:
        from argon2 import PasswordHasher, Type

        self._hasher: argon2.PasswordHasher = PasswordHasher(
            time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism, type=Type.ID
        )

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        from argon2.exceptions import InvalidHashError, VerificationError

        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)
