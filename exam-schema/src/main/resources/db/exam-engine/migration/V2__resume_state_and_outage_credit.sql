-- Session resume state and outage credit.
--
-- Every new column is nullable and has no default, so that upgrading a database while sessions are in
-- progress changes none of their rows: the engine reads a missing page index, elapsed time or credit as 0,
-- and a missing outage credit cap as "outage credit off", exactly what those sessions had before.

ALTER TABLE sessions ADD COLUMN last_page_index INTEGER;
ALTER TABLE sessions ADD COLUMN elapsed_seconds INTEGER;
ALTER TABLE sessions ADD COLUMN credited_seconds BIGINT;

ALTER TABLE assessments ADD COLUMN outage_credit_cap_seconds BIGINT;
