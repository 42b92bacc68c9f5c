-- The kept status summary: each person's dashboard document as of one day, stored under the person's data
-- stamp. Every write transaction moves the stamp on (SqlUnitOfWork.write), so a stored summary whose stamp
-- is not the person's current one is never served; a new day computes it afresh. Derived: never exported.

ALTER TABLE people ADD COLUMN data_stamp BIGINT NOT NULL DEFAULT 0;

CREATE TABLE status_summaries (
    person_id BIGINT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    stamp BIGINT NOT NULL,
    on_day TEXT NOT NULL,
    format INTEGER NOT NULL,      -- the summary's format: a newer Headway computes older ones again
    document TEXT NOT NULL        -- the status document, JSON, as served
);
