-- The day a batch was reported is a DATE, like every other day in this schema (it was TEXT).
-- Keep in step with ../sqlite/0005_report_batch_dates.sql.
ALTER TABLE report_batches ALTER COLUMN reported_on TYPE DATE USING reported_on::date;
