-- A counter that every change to roadmap content moves on (PostgreSQL). Keep in step with
-- ../sqlite/0003_data_version.sql. The dashboard caches what it computed under this number and
-- recomputes once it moves, so a change by any app server, the CLI or a script is seen at once.

CREATE TABLE data_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 1);

CREATE FUNCTION move_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER roadmaps_moves_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON roadmaps
    FOR EACH STATEMENT EXECUTE FUNCTION move_data_version();
CREATE TRIGGER phases_moves_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON phases
    FOR EACH STATEMENT EXECUTE FUNCTION move_data_version();
CREATE TRIGGER pillars_moves_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON pillars
    FOR EACH STATEMENT EXECUTE FUNCTION move_data_version();
CREATE TRIGGER domains_moves_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON domains
    FOR EACH STATEMENT EXECUTE FUNCTION move_data_version();
CREATE TRIGGER units_moves_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON units
    FOR EACH STATEMENT EXECUTE FUNCTION move_data_version();
CREATE TRIGGER milestones_moves_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON milestones
    FOR EACH STATEMENT EXECUTE FUNCTION move_data_version();
CREATE TRIGGER milestone_dependencies_moves_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON milestone_dependencies
    FOR EACH STATEMENT EXECUTE FUNCTION move_data_version();
CREATE TRIGGER milestone_progress_moves_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON milestone_progress
    FOR EACH STATEMENT EXECUTE FUNCTION move_data_version();
CREATE TRIGGER projects_moves_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON projects
    FOR EACH STATEMENT EXECUTE FUNCTION move_data_version();
CREATE TRIGGER project_milestones_moves_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON project_milestones
    FOR EACH STATEMENT EXECUTE FUNCTION move_data_version();
CREATE TRIGGER project_progress_moves_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON project_progress
    FOR EACH STATEMENT EXECUTE FUNCTION move_data_version();
CREATE TRIGGER investment_ledger_moves_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON investment_ledger
    FOR EACH STATEMENT EXECUTE FUNCTION move_data_version();
CREATE TRIGGER problems_moves_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON problems
    FOR EACH STATEMENT EXECUTE FUNCTION move_data_version();
CREATE TRIGGER settings_moves_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON settings
    FOR EACH STATEMENT EXECUTE FUNCTION move_data_version();
