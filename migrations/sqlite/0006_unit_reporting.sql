-- Units report in (SQLite): unit liaisons bound to units, monthly reporting rounds with each unit's
-- submission and its draft items, in-app notifications, and evidence files. Keep in step with
-- ../postgres/0006_unit_reporting.sql.
--
-- The users table is rebuilt to allow the new role: SQLite cannot change a CHECK in place, and
-- foreign keys cannot be switched off inside the migration's transaction. Dropping the old table
-- cascades to the rows that reference it (sessions, pending import uploads), so they are kept
-- aside and put back: nobody is signed out by the upgrade.
CREATE TEMP TABLE kept_sessions AS SELECT * FROM sessions;
CREATE TEMP TABLE kept_import_uploads AS SELECT * FROM import_uploads;

CREATE TABLE users_with_liaisons (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL CHECK (role IN ('viewer', 'planner', 'liaison', 'admin')),
    password_hash TEXT NOT NULL,
    disabled      BOOLEAN NOT NULL DEFAULT 0,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  BIGINT NOT NULL DEFAULT 0
);
INSERT INTO users_with_liaisons (id, username, display_name, role, password_hash, disabled, failed_logins, locked_until)
    SELECT id, username, display_name, role, password_hash, disabled, failed_logins, locked_until FROM users;
DROP TABLE users;
ALTER TABLE users_with_liaisons RENAME TO users;
INSERT INTO sessions SELECT * FROM kept_sessions;
INSERT INTO import_uploads SELECT * FROM kept_import_uploads;
DROP TABLE kept_sessions;
DROP TABLE kept_import_uploads;

-- The units a liaison (单位填报员) reports for; usually one, an admin may bind more.
CREATE TABLE user_units (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    unit_id BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, unit_id)
);
CREATE INDEX user_units_unit ON user_units (unit_id);

-- A monthly reporting round (填报轮次), e.g. 2026年11月进展填报, with its due date.
CREATE TABLE reporting_rounds (
    id        INTEGER PRIMARY KEY,
    year      INTEGER NOT NULL,
    month     INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    due_date  TEXT NOT NULL,
    opened_at BIGINT NOT NULL,
    opened_by TEXT NOT NULL,
    closed_at BIGINT,
    closed_by TEXT NOT NULL DEFAULT '',
    UNIQUE (year, month)
);

-- Each unit a round covers, with the state of its submission (the unit of review) and its times.
CREATE TABLE round_units (
    round_id     BIGINT NOT NULL REFERENCES reporting_rounds(id) ON DELETE CASCADE,
    unit_id      BIGINT NOT NULL REFERENCES units(id),
    state        TEXT NOT NULL DEFAULT 'not_started'
                 CHECK (state IN ('not_started', 'filling', 'submitted', 'returned', 'accepted')),
    started_at   BIGINT,
    submitted_at BIGINT,
    submitted_by TEXT NOT NULL DEFAULT '',
    reviewed_at  BIGINT,
    reviewed_by  TEXT NOT NULL DEFAULT '',
    review_note  TEXT NOT NULL DEFAULT '',
    late         BOOLEAN NOT NULL DEFAULT 0,
    reminded_at  BIGINT,
    reminders    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, unit_id)
);

-- What a unit reports on one item for the round: a draft until the submission is accepted, when it
-- becomes progress history, ledger months and problems like a planner's entry. One row per
-- milestone, project or problem (answer) and round.
CREATE TABLE submission_items (
    id                   INTEGER PRIMARY KEY,
    round_id             BIGINT NOT NULL,
    unit_id              BIGINT NOT NULL,
    milestone_id         BIGINT REFERENCES milestones(id) ON DELETE CASCADE,
    project_id           BIGINT REFERENCES projects(id) ON DELETE CASCADE,
    problem_id           BIGINT REFERENCES problems(id) ON DELETE CASCADE,
    percent              INTEGER CHECK (percent BETWEEN 0 AND 100),
    note                 TEXT NOT NULL DEFAULT '',
    month_planned        BIGINT CHECK (month_planned >= 0),
    month_completed      BIGINT CHECK (month_completed >= 0),
    new_problem          TEXT NOT NULL DEFAULT '',
    new_problem_due_date TEXT,
    review_comment       TEXT NOT NULL DEFAULT '',
    updated_at           BIGINT NOT NULL,
    updated_by           TEXT NOT NULL,
    FOREIGN KEY (round_id, unit_id) REFERENCES round_units(round_id, unit_id) ON DELETE CASCADE,
    CHECK ((milestone_id IS NOT NULL) + (project_id IS NOT NULL) + (problem_id IS NOT NULL) = 1)
);
CREATE UNIQUE INDEX submission_items_milestone ON submission_items (round_id, milestone_id);
CREATE UNIQUE INDEX submission_items_project ON submission_items (round_id, project_id);
CREATE UNIQUE INDEX submission_items_problem ON submission_items (round_id, problem_id);
CREATE INDEX submission_items_unit ON submission_items (round_id, unit_id);

-- A person's in-app notifications (the bell): what happened, as data the page puts into words.
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('reminder', 'submitted', 'returned', 'accepted', 'round_opened',
                                              'milestone_behind', 'problem_overdue')),
    round_id     BIGINT REFERENCES reporting_rounds(id) ON DELETE CASCADE,
    unit_id      BIGINT REFERENCES units(id) ON DELETE CASCADE,
    milestone_id BIGINT REFERENCES milestones(id) ON DELETE CASCADE,
    problem_id   BIGINT REFERENCES problems(id) ON DELETE CASCADE,
    read_at      BIGINT
);
CREATE INDEX notifications_user ON notifications (user_id, read_at);

-- Where a unit's messages also go: the group robots of 钉钉 / 政务钉钉, 企业微信 and 飞书 (their
-- webhook URL and, where the robot has one, its signing secret). Set by an admin per unit.
CREATE TABLE unit_channels (
    id         INTEGER PRIMARY KEY,
    unit_id    BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('dingtalk', 'wecom', 'feishu')),
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL DEFAULT '',
    enabled    BOOLEAN NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);
CREATE INDEX unit_channels_unit ON unit_channels (unit_id);

-- One message to one channel: retried with backoff until delivered or given up. A server claims
-- a message (claimed_until) before sending it, so several app servers never send it twice.
CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY,
    channel_id      BIGINT NOT NULL REFERENCES unit_channels(id) ON DELETE CASCADE,
    created_at      BIGINT NOT NULL,
    message         TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    claimed_until   BIGINT,
    delivered_at    BIGINT,
    failed          BOOLEAN NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX deliveries_due ON deliveries (delivered_at, failed, next_attempt_at);

-- Scheduled reminders already sent, by key (which reminder, for what, on which day): the first
-- server to insert a key sends it, so each goes out exactly once however many servers run.
CREATE TABLE sent_reminders (
    key     TEXT PRIMARY KEY,
    sent_at BIGINT NOT NULL
);

-- Evidence files (佐证材料): the bytes once per content (SHA-256), and where each upload is attached.
CREATE TABLE file_blobs (
    sha256       TEXT PRIMARY KEY,
    size         BIGINT NOT NULL,
    content_type TEXT NOT NULL,
    content      BLOB NOT NULL
);
CREATE TABLE attachments (
    id          INTEGER PRIMARY KEY,
    sha256      TEXT NOT NULL REFERENCES file_blobs(sha256),
    file_name   TEXT NOT NULL,
    entity      TEXT NOT NULL CHECK (entity IN ('submission_item', 'milestone_progress', 'project_progress', 'problem', 'project')),
    entity_id   BIGINT NOT NULL,
    uploaded_at BIGINT NOT NULL,
    uploaded_by TEXT NOT NULL
);
CREATE INDEX attachments_entity ON attachments (entity, entity_id);

-- An archived project is hidden from the registry's lists and exports (unless asked for) and from
-- reporting rounds, and kept in history and locked baselines.
ALTER TABLE projects ADD COLUMN archived_on TEXT;

-- The dashboard's 填报情况 tile reads the rounds: they move data_version like content does.
CREATE TRIGGER reporting_rounds_insert_moves_data_version AFTER INSERT ON reporting_rounds
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reporting_rounds_update_moves_data_version AFTER UPDATE ON reporting_rounds
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reporting_rounds_delete_moves_data_version AFTER DELETE ON reporting_rounds
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER round_units_insert_moves_data_version AFTER INSERT ON round_units
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER round_units_update_moves_data_version AFTER UPDATE ON round_units
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER round_units_delete_moves_data_version AFTER DELETE ON round_units
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
