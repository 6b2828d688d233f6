-- A milestone's percent on a past day is its newest report up to that day (PERCENT_AS_OF in
-- app/src/db/queries.rs): for an as-of dashboard, one lookup per milestone, 50,000 of them. With
-- the id and the percent in the index each lookup is read from the index alone, without visiting
-- the table. It serves every read by milestone the old index served. Keep in step with
-- ../sqlite/0012_progress_as_of.sql.
CREATE INDEX milestone_progress_as_of ON milestone_progress (milestone_id, reported_on, id) INCLUDE (percent);
DROP INDEX milestone_progress_by_milestone;
