-- Scheduled work that must run once a day however many workers and machines serve the database: a worker runs
-- a job only after claiming the day for it here, in one conditional update that a single worker can win.

CREATE TABLE scheduled_runs (
    name TEXT PRIMARY KEY,
    last_day TEXT NOT NULL,
    claimed_at TEXT NOT NULL,
    finished_at TEXT  -- NULL while the claimed run goes on (or if its worker stopped before the end)
);
