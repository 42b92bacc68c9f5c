-- Tracking and course correction: the person's rhythms and targets, and the reviews with their answers.

ALTER TABLE people ADD COLUMN checkin_cadence TEXT NOT NULL DEFAULT 'fortnightly'
    CHECK (checkin_cadence IN ('weekly', 'fortnightly', 'monthly'));
ALTER TABLE people ADD COLUMN review_cadence TEXT NOT NULL DEFAULT 'quarterly'
    CHECK (review_cadence IN ('monthly', 'quarterly', 'yearly'));
ALTER TABLE people ADD COLUMN monthly_target_hours DOUBLE PRECISION CHECK (monthly_target_hours >= 0);
ALTER TABLE people ADD COLUMN monthly_target_amount DOUBLE PRECISION CHECK (monthly_target_amount >= 0);
ALTER TABLE people ADD COLUMN weekly_capacity_hours DOUBLE PRECISION NOT NULL DEFAULT 6
    CHECK (weekly_capacity_hours > 0);

CREATE TABLE reviews (
    id $ID,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    on_date TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX reviews_person_date ON reviews (person_id, on_date);

-- The course-correction questions, per goal: is it still the right goal, still aligned, still realistic?
CREATE TABLE review_answers (
    review_id BIGINT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    goal_id BIGINT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    still_right INTEGER CHECK (still_right IN (0, 1)),
    still_aligned INTEGER CHECK (still_aligned IN (0, 1)),
    still_realistic INTEGER CHECK (still_realistic IN (0, 1)),
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (review_id, goal_id)
);
CREATE INDEX review_answers_goal ON review_answers (goal_id);
