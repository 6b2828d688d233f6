-- Scheduled backups (`roadmap serve --backup-dir`). Each interval of the schedule is one row,
-- keyed by the interval's start: the server whose INSERT makes the row takes that backup, so with
-- several app servers it is taken once. The row then records how it went, for the admin page.
-- Keep in step with ../sqlite/0013_trust.sql.
CREATE TABLE backup_runs (
    slot BIGINT PRIMARY KEY,
    started_at BIGINT NOT NULL,
    server TEXT NOT NULL,
    finished_at BIGINT,
    file TEXT,
    bytes BIGINT,
    error TEXT
);

-- Where each browser signed in from, for the admin's list of sessions.
ALTER TABLE sessions ADD COLUMN address TEXT NOT NULL DEFAULT '';

-- The security audit log (安全审计日志, 等保 2.0): sign-ins, sign-outs, refused requests, exports,
-- imports, reports, downloads and admin actions, with the source address. Each record carries
-- the SHA-256 of its own fields and the previous record's hash (app/src/audit.rs), so a changed,
-- removed or inserted record breaks the chain from there on (`roadmap audit verify`). The
-- application only ever appends; the triggers below refuse any change or removal.
CREATE TABLE security_log (
    id BIGINT PRIMARY KEY,
    at BIGINT NOT NULL,
    username TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    outcome TEXT NOT NULL,
    address TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX security_log_at ON security_log (at);
-- The chain's end: the last record's id and hash. Updating this one row first serializes
-- writers (its row lock), so two servers never append to the same link.
CREATE TABLE security_log_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_id BIGINT NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO security_log_head (id, last_id, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
CREATE FUNCTION security_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the security audit log is append-only';
END $$;
CREATE TRIGGER security_log_is_append_only BEFORE UPDATE OR DELETE ON security_log
    FOR EACH ROW EXECUTE FUNCTION security_log_is_append_only();
CREATE TRIGGER security_log_is_never_truncated BEFORE TRUNCATE ON security_log
    FOR EACH STATEMENT EXECUTE FUNCTION security_log_is_append_only();

-- Password rules (app/src/domain/password_rules.rs): a password an admin set (a new account, a
-- reset) must be changed at the next sign-in; passwords may expire (the setting
-- password.max_age_days, 0 = never); a new password may not be one of the last five. Existing
-- passwords count as changed now, so turning expiry on does not lock everyone out at once.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN password_changed_at BIGINT NOT NULL DEFAULT 0;
UPDATE users SET password_changed_at = EXTRACT(EPOCH FROM now())::BIGINT;
CREATE TABLE password_history (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    changed_at BIGINT NOT NULL
);
CREATE INDEX password_history_user ON password_history (user_id, id);
INSERT INTO settings (key, value) VALUES ('password.max_age_days', '0');
