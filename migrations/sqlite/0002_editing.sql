-- Sign-in, sessions and the audit journal (SQLite). Keep in step with ../postgres/0002_editing.sql.
-- Times are Unix seconds (BIGINT): the same on both backends, compared as numbers.

ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until BIGINT NOT NULL DEFAULT 0;

-- One row per signed-in browser; the cookie holds a random token, the table only its SHA-256.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Every change to roadmap content: who, when, which entity and field, old → new.
-- `version` is the entity's version after the change, so a refused save can show what changed since.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         BIGINT NOT NULL,
    user_id    BIGINT,
    username   TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  BIGINT NOT NULL,
    version    BIGINT NOT NULL DEFAULT 0,
    action     TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    field      TEXT NOT NULL DEFAULT '',
    old_value  TEXT NOT NULL DEFAULT '',
    new_value  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, version);
CREATE INDEX audit_log_at ON audit_log (at);

INSERT INTO settings (key, value) VALUES ('access.anonymous_read', 'false');
