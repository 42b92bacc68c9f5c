-- The dashboard at speed: each goal's plan summary and forecast kept until what they were computed from changes.

-- The plan summaries and the task windows (open tasks overdue, milestones among them, due soon) read goal,
-- status, kind, due and effort from this index alone: each (goal, status, kind) is one run of it, so grouping
-- by them needs no sort, and the windows count only the range of due dates they ask for.
DROP INDEX tasks_goal_status;
CREATE INDEX tasks_goal_status ON tasks (goal_id, status, kind, due, effort_hours);

-- A goal's newest check-in entry in one step (the forecast cache's mark of its readings): MAX(checkin_id) of
-- a goal is the last key of its run in this index.
DROP INDEX checkin_entries_goal;
CREATE INDEX checkin_entries_goal ON checkin_entries (goal_id, checkin_id);

-- Moves on with every write to the goal's tasks. The task repository (adapters/db/goal_tasks.py) is the only
-- writer of tasks and moves it in the same transaction; otherwise tasks are only deleted with their goal, or
-- imported into an empty database, whose caches are empty.
ALTER TABLE goals ADD COLUMN plan_stamp INTEGER NOT NULL DEFAULT 0;

-- Derived data, never exported: a goal's plan summary (as plan_summaries gives it; tasks 0 for no plan) and
-- its open tasks overdue and due soon (as window_counts gives them), stored under the key of the plan_stamp
-- and the day they were counted at.
CREATE TABLE plan_cache (
    goal_id BIGINT PRIMARY KEY REFERENCES goals (id) ON DELETE CASCADE,
    cache_key TEXT NOT NULL,
    tasks INTEGER NOT NULL,
    done INTEGER NOT NULL,
    effort DOUBLE PRECISION NOT NULL,
    effort_done DOUBLE PRECISION NOT NULL,
    unestimated INTEGER NOT NULL,
    unestimated_done INTEGER NOT NULL,
    overdue INTEGER NOT NULL,
    overdue_milestones INTEGER NOT NULL,
    due_soon INTEGER NOT NULL
);

-- Derived data, never exported: the person's habits as the dashboard shows them (this month's investment
-- against the average month, the weeks with a deposit, the check-in and review rhythm), stored under the key
-- of what they were computed from: today, the profile's rhythms and start, and how many check-ins (in the
-- streaks' two years), investments and reviews there are. Those are only ever added (or deleted with the
-- person, which cascades here), so the counts move whenever what they show could change.
CREATE TABLE habits_cache (
    person_id BIGINT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    cache_key TEXT NOT NULL,
    this_month_hours DOUBLE PRECISION NOT NULL,
    this_month_amount DOUBLE PRECISION NOT NULL,
    monthly_average_hours DOUBLE PRECISION,
    months_counted INTEGER NOT NULL,
    deposit_weeks INTEGER NOT NULL,
    weeks_with_deposit INTEGER NOT NULL,
    deposit_streak INTEGER NOT NULL,
    longest_deposit_streak INTEGER NOT NULL,
    on_day TEXT NOT NULL,
    checkin_cadence TEXT NOT NULL,
    review_cadence TEXT NOT NULL,
    weekly_capacity_hours DOUBLE PRECISION NOT NULL,
    last_checkin TEXT,
    next_due TEXT NOT NULL,
    maintenance_due INTEGER NOT NULL,
    days_overdue INTEGER NOT NULL,
    current_streak INTEGER NOT NULL,
    longest_streak INTEGER NOT NULL,
    on_time INTEGER NOT NULL,
    checkins INTEGER NOT NULL,
    last_review TEXT,
    next_review_due TEXT NOT NULL,
    review_due INTEGER NOT NULL
);

-- Derived data, never exported: an active goal's dashboard forecast, stored with the key of everything it was
-- computed from (today, the goal's start, target and measure, its progress for a milestone goal, and the
-- newest check-in with an entry for it). Check-in entries are only ever added, each with a new check-in (or
-- removed with their goal or person, which cascades here), so a key that still matches means the forecast
-- would come out the same; a key that does not is recomputed and replaced.
CREATE TABLE forecast_cache (
    goal_id BIGINT PRIMARY KEY REFERENCES goals (id) ON DELETE CASCADE,
    cache_key TEXT NOT NULL,
    verdict TEXT NOT NULL,
    sentence TEXT NOT NULL,
    projected TEXT,
    band_early TEXT,
    band_late TEXT,
    pace_needed DOUBLE PRECISION,
    pace_kept DOUBLE PRECISION,
    buffer_days INTEGER,
    current_value DOUBLE PRECISION,
    trend_now DOUBLE PRECISION,
    readings INTEGER NOT NULL
);

-- The newest few readings of that goal, the ones the early warnings look at (stalled, confidence falling),
-- in check-in order, so the dashboard reads no reading when every key matches.
CREATE TABLE forecast_cache_readings (
    goal_id BIGINT NOT NULL REFERENCES forecast_cache (goal_id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    on_date TEXT NOT NULL,
    value DOUBLE PRECISION,
    progress DOUBLE PRECISION,
    confidence INTEGER,
    PRIMARY KEY (goal_id, seq)
);
