-- An investment's number is never given again once the investment is deleted: a second "delete #12", from a
-- form sent twice or a command run again, then finds nothing, instead of deleting the entry logged after it.
-- SQLite gives a deleted newest row's number to the next row unless the key is AUTOINCREMENT, which a table
-- gets only when it is made: so the table is made again, with every row and its number.
CREATE TABLE investments_renumbered (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO investments_renumbered (id, person_id, on_date, category, hours, amount, currency, goal_id, note)
    SELECT id, person_id, on_date, category, hours, amount, currency, goal_id, note FROM investments;
DROP TABLE investments;
ALTER TABLE investments_renumbered RENAME TO investments;
-- month_totals sums hours and amounts from the index alone
CREATE INDEX investments_person_date ON investments (person_id, on_date, hours, amount);
