-- A counter that every change to roadmap content moves on (SQLite). Keep in step with
-- ../postgres/0003_data_version.sql. The dashboard caches what it computed under this number and
-- recomputes once it moves, so a change by any app server, the CLI or a script is seen at once.

CREATE TABLE data_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 1);

CREATE TRIGGER roadmaps_insert_moves_data_version AFTER INSERT ON roadmaps
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER roadmaps_update_moves_data_version AFTER UPDATE ON roadmaps
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER roadmaps_delete_moves_data_version AFTER DELETE ON roadmaps
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER phases_insert_moves_data_version AFTER INSERT ON phases
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER phases_update_moves_data_version AFTER UPDATE ON phases
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER phases_delete_moves_data_version AFTER DELETE ON phases
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER pillars_insert_moves_data_version AFTER INSERT ON pillars
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER pillars_update_moves_data_version AFTER UPDATE ON pillars
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER pillars_delete_moves_data_version AFTER DELETE ON pillars
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER domains_insert_moves_data_version AFTER INSERT ON domains
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER domains_update_moves_data_version AFTER UPDATE ON domains
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER domains_delete_moves_data_version AFTER DELETE ON domains
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER units_insert_moves_data_version AFTER INSERT ON units
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER units_update_moves_data_version AFTER UPDATE ON units
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER units_delete_moves_data_version AFTER DELETE ON units
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER milestones_insert_moves_data_version AFTER INSERT ON milestones
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER milestones_update_moves_data_version AFTER UPDATE ON milestones
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER milestones_delete_moves_data_version AFTER DELETE ON milestones
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER milestone_dependencies_insert_moves_data_version AFTER INSERT ON milestone_dependencies
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER milestone_dependencies_update_moves_data_version AFTER UPDATE ON milestone_dependencies
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER milestone_dependencies_delete_moves_data_version AFTER DELETE ON milestone_dependencies
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER milestone_progress_insert_moves_data_version AFTER INSERT ON milestone_progress
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER milestone_progress_update_moves_data_version AFTER UPDATE ON milestone_progress
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER milestone_progress_delete_moves_data_version AFTER DELETE ON milestone_progress
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER projects_insert_moves_data_version AFTER INSERT ON projects
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER projects_update_moves_data_version AFTER UPDATE ON projects
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER projects_delete_moves_data_version AFTER DELETE ON projects
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER project_milestones_insert_moves_data_version AFTER INSERT ON project_milestones
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER project_milestones_update_moves_data_version AFTER UPDATE ON project_milestones
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER project_milestones_delete_moves_data_version AFTER DELETE ON project_milestones
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER project_progress_insert_moves_data_version AFTER INSERT ON project_progress
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER project_progress_update_moves_data_version AFTER UPDATE ON project_progress
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER project_progress_delete_moves_data_version AFTER DELETE ON project_progress
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER investment_ledger_insert_moves_data_version AFTER INSERT ON investment_ledger
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER investment_ledger_update_moves_data_version AFTER UPDATE ON investment_ledger
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER investment_ledger_delete_moves_data_version AFTER DELETE ON investment_ledger
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER problems_insert_moves_data_version AFTER INSERT ON problems
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER problems_update_moves_data_version AFTER UPDATE ON problems
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER problems_delete_moves_data_version AFTER DELETE ON problems
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER settings_insert_moves_data_version AFTER INSERT ON settings
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER settings_update_moves_data_version AFTER UPDATE ON settings
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER settings_delete_moves_data_version AFTER DELETE ON settings
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
