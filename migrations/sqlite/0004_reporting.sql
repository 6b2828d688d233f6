-- Provincial reporting (SQLite): 上报 records, locked reporting periods with their baselines, and
-- uploaded files waiting for the user to confirm an import. Keep in step with ../postgres/0004_reporting.sql.

-- One row per export recorded as a report upward (上报): when, which batch, what it held.
CREATE TABLE report_batches (
    id               INTEGER PRIMARY KEY,
    reported_on      TEXT NOT NULL,
    batch            TEXT NOT NULL,
    period           TEXT NOT NULL DEFAULT '',
    file_format      TEXT NOT NULL,
    filter           TEXT NOT NULL DEFAULT '',
    project_count    BIGINT NOT NULL,
    total_investment BIGINT NOT NULL,
    user_id          BIGINT,
    username         TEXT NOT NULL,
    created_at       BIGINT NOT NULL
);
CREATE TABLE report_batch_projects (
    batch_id   BIGINT NOT NULL REFERENCES report_batches(id) ON DELETE CASCADE,
    project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    PRIMARY KEY (batch_id, project_id)
);
CREATE INDEX report_batch_projects_project ON report_batch_projects (project_id);

-- A locked month: its figures are kept in period_baselines and its ledger can no longer change.
CREATE TABLE reporting_periods (
    year      INTEGER NOT NULL,
    month     INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    locked_at BIGINT NOT NULL,
    locked_by TEXT NOT NULL,
    PRIMARY KEY (year, month)
);

-- Each project's sheet row as it stood when its period was locked. No foreign key to projects:
-- a baseline outlives the project's later edits and even its deletion.
CREATE TABLE period_baselines (
    year                  INTEGER NOT NULL,
    month                 INTEGER NOT NULL,
    project_id            BIGINT NOT NULL,
    kind                  TEXT NOT NULL,
    code                  TEXT,
    name                  TEXT NOT NULL,
    unit_id               BIGINT NOT NULL,
    unit_name             TEXT NOT NULL,
    location              TEXT NOT NULL,
    construction_type     TEXT NOT NULL,
    pillar_id             BIGINT,
    pillar                TEXT,
    content               TEXT NOT NULL,
    start_year            INTEGER NOT NULL,
    end_year              INTEGER NOT NULL,
    status                TEXT NOT NULL,
    total_investment      BIGINT NOT NULL,
    fund_central          BIGINT NOT NULL,
    fund_provincial       BIGINT NOT NULL,
    fund_city             BIGINT NOT NULL,
    fund_county           BIGINT NOT NULL,
    fund_social           BIGINT NOT NULL,
    completed_before_year BIGINT NOT NULL,
    planned_this_year     BIGINT NOT NULL,
    completed_this_year   BIGINT NOT NULL,
    visible_progress      TEXT NOT NULL,
    problems              TEXT NOT NULL,
    contact_name          TEXT NOT NULL,
    contact_phone         TEXT NOT NULL,
    PRIMARY KEY (year, month, project_id),
    FOREIGN KEY (year, month) REFERENCES reporting_periods(year, month)
);

-- A file uploaded for import, kept until the user confirms or it is an hour old.
CREATE TABLE import_uploads (
    token      TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    file_name  TEXT NOT NULL,
    content    BLOB NOT NULL
);
