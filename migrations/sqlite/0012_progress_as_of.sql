-- A milestone's percent on a past day is its newest report up to that day (PERCENT_AS_OF in
-- app/src/db/queries.rs): for an as-of dashboard, one lookup per milestone, 50,000 of them. With
-- the percent in the index each lookup is read from the index alone, without visiting the table
-- (SQLite has no INCLUDE; the id, the row's key, orders ties as the query does). It serves every
-- read by milestone the old index served. Keep in step with ../postgres/0012_progress_as_of.sql.
CREATE INDEX milestone_progress_as_of ON milestone_progress (milestone_id, reported_on, id, percent);
DROP INDEX milestone_progress_by_milestone;
