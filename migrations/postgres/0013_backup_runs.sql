-- Scheduled backups (`roadmap serve --backup-dir`). Each interval of the schedule is one row,
-- keyed by the interval's start: the server whose INSERT makes the row takes that backup, so with
-- several app servers it is taken once. The row then records how it went, for the admin page.
-- Keep in step with ../sqlite/0013_backup_runs.sql.
CREATE TABLE backup_runs (
    slot BIGINT PRIMARY KEY,
    started_at BIGINT NOT NULL,
    server TEXT NOT NULL,
    finished_at BIGINT,
    file TEXT,
    bytes BIGINT,
    error TEXT
);
