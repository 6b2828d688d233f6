-- The activity ledger (工作台账) (SQLite): dated records of the centre's recurring work, whose
-- counts per type and period are the figures a 工作总结 cites ("开展集体学习*次、数据讲堂*次").
-- Keep in step with ../postgres/0008_activity_ledger.sql.

-- Kinds of recurring work; the nine below come with every roadmap, an admin adds more.
CREATE TABLE activity_types (
    id         INTEGER PRIMARY KEY,
    name_zh    TEXT NOT NULL UNIQUE,
    name_en    TEXT NOT NULL DEFAULT '',
    -- The measure a count of it is told in: 次 (times), 场 (sessions), 人次 …
    measure    TEXT NOT NULL DEFAULT '次',
    sort_order INTEGER NOT NULL DEFAULT 0
);
INSERT INTO activity_types (name_zh, name_en, measure, sort_order) VALUES
    ('集体学习', 'Group study', '次', 1),
    ('数据讲堂', 'Data lecture', '次', 2),
    ('专题讲座', 'Special lecture', '场', 3),
    ('培训', 'Training', '次', 4),
    ('实地参观', 'Site visit', '次', 5),
    ('安全检查', 'Security inspection', '次', 6),
    ('宣传活动', 'Publicity event', '次', 7),
    ('调研', 'Survey', '次', 8),
    ('会议', 'Meeting', '次', 9);

CREATE TABLE activities (
    id           INTEGER PRIMARY KEY,
    type_id      BIGINT NOT NULL REFERENCES activity_types(id),
    held_on      TEXT NOT NULL,
    title        TEXT NOT NULL,
    unit_id      BIGINT REFERENCES units(id) ON DELETE SET NULL,
    pillar_id    BIGINT REFERENCES pillars(id),
    domain_id    BIGINT REFERENCES domains(id),
    participants INTEGER CHECK (participants IS NULL OR participants >= 0),
    notes        TEXT NOT NULL DEFAULT '',
    version      BIGINT NOT NULL DEFAULT 1,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX activities_held_on ON activities (held_on, id);
CREATE INDEX activities_type ON activities (type_id, held_on);

CREATE TRIGGER activity_types_insert_moves_data_version AFTER INSERT ON activity_types
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER activity_types_update_moves_data_version AFTER UPDATE ON activity_types
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER activity_types_delete_moves_data_version AFTER DELETE ON activity_types
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER activities_insert_moves_data_version AFTER INSERT ON activities
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER activities_update_moves_data_version AFTER UPDATE ON activities
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER activities_delete_moves_data_version AFTER DELETE ON activities
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
