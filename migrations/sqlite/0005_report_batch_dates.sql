-- SQLite keeps days as ISO-8601 text already, so report_batches.reported_on is unchanged here;
-- this file keeps the migration numbers of both backends in step with
-- ../postgres/0005_report_batch_dates.sql.
SELECT 1;
