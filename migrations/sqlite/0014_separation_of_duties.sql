-- Separation of the three administrators' duties, 三员分立 (SQLite): the roles of the security
-- administrator (安全管理员) and the audit administrator (审计管理员), and the setting that takes
-- those duties from the admin (app/src/domain/access.rs). Keep in step with
-- ../postgres/0014_separation_of_duties.sql.
--
-- The users table is rebuilt to allow the new roles, as in 0006: SQLite cannot change a CHECK in
-- place and foreign keys cannot be switched off inside the migration's transaction. Dropping the
-- old table cascades to the rows that reference it, so they are kept aside and put back: nobody
-- is signed out, no notification or unit binding is lost.
CREATE TEMP TABLE kept_sessions AS SELECT * FROM sessions;
CREATE TEMP TABLE kept_import_uploads AS SELECT * FROM import_uploads;
CREATE TEMP TABLE kept_user_units AS SELECT * FROM user_units;
CREATE TEMP TABLE kept_notifications AS SELECT * FROM notifications;
CREATE TEMP TABLE kept_password_history AS SELECT * FROM password_history;

CREATE TABLE users_with_three_admins (
    id                   INTEGER PRIMARY KEY,
    username             TEXT NOT NULL UNIQUE,
    display_name         TEXT NOT NULL DEFAULT '',
    role                 TEXT NOT NULL CHECK (role IN ('viewer', 'planner', 'liaison', 'admin', 'security_admin', 'audit_admin')),
    password_hash        TEXT NOT NULL,
    disabled             BOOLEAN NOT NULL DEFAULT 0,
    failed_logins        INTEGER NOT NULL DEFAULT 0,
    locked_until         BIGINT NOT NULL DEFAULT 0,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    password_changed_at  BIGINT NOT NULL DEFAULT 0
);
INSERT INTO users_with_three_admins (id, username, display_name, role, password_hash, disabled,
        failed_logins, locked_until, must_change_password, password_changed_at)
    SELECT id, username, display_name, role, password_hash, disabled,
        failed_logins, locked_until, must_change_password, password_changed_at FROM users;
DROP TABLE users;
ALTER TABLE users_with_three_admins RENAME TO users;
INSERT INTO sessions SELECT * FROM kept_sessions;
INSERT INTO import_uploads SELECT * FROM kept_import_uploads;
INSERT INTO user_units SELECT * FROM kept_user_units;
INSERT INTO notifications SELECT * FROM kept_notifications;
INSERT INTO password_history SELECT * FROM kept_password_history;
DROP TABLE kept_sessions;
DROP TABLE kept_import_uploads;
DROP TABLE kept_user_units;
DROP TABLE kept_notifications;
DROP TABLE kept_password_history;

INSERT INTO settings (key, value) VALUES ('access.separate_duties', 'false');
