-- Occupations and skills: the person's skills profile on O*NET's elements, each statement with its evidence;
-- a goal's target occupation; and the milestones generated from a gap, with the level each one earns when done.

CREATE TABLE skill_levels (
    id $ID,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    element_id TEXT NOT NULL,
    level DOUBLE PRECISION NOT NULL CHECK (level >= 0 AND level <= 7),
    evidence TEXT NOT NULL CHECK (evidence IN ('self', 'occupation', 'milestone', 'credential')),
    source TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    on_date TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX skill_levels_person ON skill_levels (person_id, element_id, on_date);

CREATE TABLE goal_occupations (
    goal_id BIGINT PRIMARY KEY REFERENCES goals (id) ON DELETE CASCADE,
    code TEXT NOT NULL
);

CREATE TABLE gap_milestones (
    task_id BIGINT PRIMARY KEY REFERENCES tasks (id) ON DELETE CASCADE,
    element_id TEXT NOT NULL,
    level DOUBLE PRECISION NOT NULL CHECK (level >= 0 AND level <= 7),
    code TEXT NOT NULL
);
