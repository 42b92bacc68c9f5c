"""Storage in plain SQL over the DB-API drivers: sqlite3 (default) and psycopg 3 (PostgreSQL)."""

from headway.adapters.db.connection import Database, open_database
from headway.adapters.db.uow import SqlUnitOfWork

__all__ = ["Database", "SqlUnitOfWork", "open_database"]
