-- Check-ins in progress: the web app's step-by-step check-in keeps what the person has typed so far, one draft
-- per person, so that closing the tab or reloading loses nothing. The draft is the form's fields as typed (a JSON
-- document, services/checkin_drafts.py), kept until the check-in is saved or the person starts over. It is not
-- part of the record (never exported), and it goes with the person: delete means delete.

CREATE TABLE checkin_drafts (
    person_id BIGINT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    document TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
