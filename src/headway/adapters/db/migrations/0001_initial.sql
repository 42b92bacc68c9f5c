-- The career record: a person, their goals (a tree), each goal's plan, check-ins, investments,
-- and the history of every change. Dates are ISO 8601 text (YYYY-MM-DD), times ISO 8601 in UTC.
-- $ID is the dialect's generated primary key.

CREATE TABLE people (
    id $ID,
    name TEXT NOT NULL,
    job_title TEXT NOT NULL DEFAULT '',
    employer TEXT NOT NULL DEFAULT '',
    priorities TEXT NOT NULL DEFAULT '[]',
    currency TEXT NOT NULL DEFAULT 'USD',
    created_at TEXT NOT NULL
);

CREATE TABLE goals (
    id $ID,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    parent_id BIGINT REFERENCES goals (id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    why TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('career', 'learning', 'financial', 'life')),
    measure_type TEXT NOT NULL CHECK (measure_type IN ('milestones', 'numeric')),
    metric TEXT,
    unit TEXT,
    start_value DOUBLE PRECISION,
    target_value DOUBLE PRECISION,
    direction TEXT CHECK (direction IN ('increase', 'decrease')),
    current_value DOUBLE PRECISION,
    start_date TEXT NOT NULL,
    target_date TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'achieved', 'abandoned')),
    status_reason TEXT NOT NULL DEFAULT '',
    weight DOUBLE PRECISION NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX goals_person_status ON goals (person_id, status);
CREATE INDEX goals_parent ON goals (parent_id);

CREATE TABLE tasks (
    id $ID,
    goal_id BIGINT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('milestone', 'task')),
    planned_start TEXT,
    due TEXT,
    effort_hours DOUBLE PRECISION,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
    done_on TEXT,
    status_reason TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
-- plan_summaries and the open and overdue counts read goal, status, due and effort from the index alone
CREATE INDEX tasks_goal_status ON tasks (goal_id, status, due, effort_hours);
-- the open-task page walks open tasks in the order it shows them (undated last) and stops when it is full
CREATE INDEX tasks_status_order ON tasks (status, (due IS NULL), due);
-- every task, goal by goal in due order (`task list --all`, a goal's plan), without sorting them all
CREATE INDEX tasks_goal_order ON tasks (goal_id, (due IS NULL), due);

CREATE TABLE task_dependencies (
    task_id BIGINT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    depends_on_id BIGINT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    PRIMARY KEY (task_id, depends_on_id)
);
CREATE INDEX task_dependencies_reverse ON task_dependencies (depends_on_id);

CREATE TABLE checkins (
    id $ID,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    on_date TEXT NOT NULL,
    fulfilment INTEGER CHECK (fulfilment BETWEEN 1 AND 10),
    balance INTEGER CHECK (balance BETWEEN 1 AND 10),
    achievement INTEGER CHECK (achievement BETWEEN 1 AND 10),
    financial INTEGER CHECK (financial BETWEEN 1 AND 10),
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX checkins_person_date ON checkins (person_id, on_date);

CREATE TABLE checkin_entries (
    checkin_id BIGINT NOT NULL REFERENCES checkins (id) ON DELETE CASCADE,
    goal_id BIGINT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    value DOUBLE PRECISION,
    progress DOUBLE PRECISION,
    confidence INTEGER CHECK (confidence BETWEEN 1 AND 5),
    went_well TEXT NOT NULL DEFAULT '',
    obstacles TEXT NOT NULL DEFAULT '',
    next_step TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (checkin_id, goal_id)
);
CREATE INDEX checkin_entries_goal ON checkin_entries (goal_id);

CREATE TABLE investments (
    id $ID,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    on_date TEXT NOT NULL,
    category TEXT NOT NULL
        CHECK (category IN ('course', 'reading', 'mentoring', 'networking', 'practice', 'credential')),
    hours DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (hours >= 0),
    amount DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (amount >= 0),
    currency TEXT NOT NULL,
    goal_id BIGINT REFERENCES goals (id) ON DELETE SET NULL,
    note TEXT NOT NULL DEFAULT ''
);
-- month_totals sums hours and amounts from the index alone
CREATE INDEX investments_person_date ON investments (person_id, on_date, hours, amount);

CREATE TABLE revisions (
    id $ID,
    goal_id BIGINT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    task_id BIGINT REFERENCES tasks (id) ON DELETE SET NULL,
    changed_at TEXT NOT NULL,
    field_name TEXT NOT NULL,
    before_value TEXT NOT NULL,
    after_value TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX revisions_goal ON revisions (goal_id, changed_at);

CREATE TABLE baselines (
    id $ID,
    goal_id BIGINT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    taken_at TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    target_date TEXT
);
CREATE INDEX baselines_goal ON baselines (goal_id, taken_at);

CREATE TABLE baseline_items (
    baseline_id BIGINT NOT NULL REFERENCES baselines (id) ON DELETE CASCADE,
    task_id BIGINT NOT NULL,
    title TEXT NOT NULL,
    planned_start TEXT,
    due TEXT,
    effort_hours DOUBLE PRECISION,
    PRIMARY KEY (baseline_id, task_id)
);
