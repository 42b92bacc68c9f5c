-- An investment's number is never given again once the investment is deleted. PostgreSQL's identity column
-- already never reuses one (SQLite's key does: see 0009_investment_numbers.sqlite.sql), so nothing changes here.
SELECT 1;
