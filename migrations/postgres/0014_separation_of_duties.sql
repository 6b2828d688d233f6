-- Separation of the three administrators' duties, 三员分立 (PostgreSQL): the roles of the
-- security administrator (安全管理员) and the audit administrator (审计管理员), and the setting
-- that takes those duties from the admin (app/src/domain/access.rs). Keep in step with
-- ../sqlite/0014_separation_of_duties.sql.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('viewer', 'planner', 'liaison', 'admin', 'security_admin', 'audit_admin'));

INSERT INTO settings (key, value) VALUES ('access.separate_duties', 'false');
