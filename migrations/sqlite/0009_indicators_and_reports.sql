-- Indicators (指标) and the 工作总结 document (SQLite). Keep in step with
-- ../postgres/0009_indicators_and_reports.sql.

-- A figure the report cites beside milestones and projects: a count, a rate, an amount. Its value
-- per period is entered by people, counted from the activity ledger, or computed from the
-- tracker's own data.
CREATE TABLE indicators (
    id               INTEGER PRIMARY KEY,
    name_zh          TEXT NOT NULL UNIQUE,
    name_en          TEXT NOT NULL DEFAULT '',
    measure          TEXT NOT NULL,
    higher_is_better BOOLEAN NOT NULL DEFAULT 1,
    period           TEXT NOT NULL CHECK (period IN ('month', 'quarter', 'year')),
    -- How a year's figure is made of its periods: added up (次, 万元) or the latest one (%, TB).
    aggregate        TEXT NOT NULL CHECK (aggregate IN ('sum', 'latest')),
    source           TEXT NOT NULL CHECK (source IN ('entered', 'ledger', 'computed')),
    activity_type_id BIGINT REFERENCES activity_types(id),
    computed         TEXT,
    pillar_id        BIGINT REFERENCES pillars(id),
    domain_id        BIGINT REFERENCES domains(id),
    unit_id          BIGINT REFERENCES units(id) ON DELETE SET NULL,
    pinned           BOOLEAN NOT NULL DEFAULT 0,
    version          BIGINT NOT NULL DEFAULT 1,
    CHECK ((source = 'ledger') = (activity_type_id IS NOT NULL)),
    CHECK ((source = 'computed') = (computed IS NOT NULL))
);

-- The target for a year, in hundredths of the measure.
CREATE TABLE indicator_targets (
    indicator_id BIGINT NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    year         INTEGER NOT NULL,
    target       BIGINT NOT NULL CHECK (target >= 0),
    PRIMARY KEY (indicator_id, year)
);

-- An entered value for the period that starts on `starts_on`, in hundredths of the measure.
CREATE TABLE indicator_values (
    id           INTEGER PRIMARY KEY,
    indicator_id BIGINT NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    starts_on    TEXT NOT NULL,
    value        BIGINT NOT NULL CHECK (value >= 0),
    note         TEXT NOT NULL DEFAULT '',
    version      BIGINT NOT NULL DEFAULT 1,
    recorded_by  TEXT NOT NULL,
    recorded_at  BIGINT NOT NULL,
    UNIQUE (indicator_id, starts_on)
);

-- Evidence files (佐证材料) on ledger records and indicator values too: the entity check is
-- widened, which SQLite does by rebuilding the table (nothing references it).
CREATE TABLE attachments_widened (
    id          INTEGER PRIMARY KEY,
    sha256      TEXT NOT NULL REFERENCES file_blobs(sha256),
    file_name   TEXT NOT NULL,
    entity      TEXT NOT NULL CHECK (entity IN ('submission_item', 'milestone_progress', 'project_progress', 'problem', 'project', 'activity', 'indicator_value')),
    entity_id   BIGINT NOT NULL,
    uploaded_at BIGINT NOT NULL,
    uploaded_by TEXT NOT NULL
);
INSERT INTO attachments_widened (id, sha256, file_name, entity, entity_id, uploaded_at, uploaded_by)
    SELECT id, sha256, file_name, entity, entity_id, uploaded_at, uploaded_by FROM attachments;
DROP TABLE attachments;
ALTER TABLE attachments_widened RENAME TO attachments;
CREATE INDEX attachments_entity ON attachments (entity, entity_id);

-- A unit's value for one of its entered indicators in a monthly round: a draft until the
-- submission is accepted, when it becomes the value of the period the round's month falls in.
CREATE TABLE submission_indicator_values (
    round_id     BIGINT NOT NULL,
    unit_id      BIGINT NOT NULL,
    indicator_id BIGINT NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    value        BIGINT NOT NULL CHECK (value >= 0),
    note         TEXT NOT NULL DEFAULT '',
    updated_by   TEXT NOT NULL,
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (round_id, indicator_id),
    FOREIGN KEY (round_id, unit_id) REFERENCES round_units(round_id, unit_id) ON DELETE CASCADE
);

-- Planners' own paragraphs before or after a generated block of the report for one period; the
-- figures are made again each time, these are kept.
CREATE TABLE report_narratives (
    starts_on  TEXT NOT NULL,
    ends_on    TEXT NOT NULL,
    section    TEXT NOT NULL,
    position   TEXT NOT NULL CHECK (position IN ('before', 'after')),
    body       TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (starts_on, ends_on, section, position)
);

-- Every generated document, kept as it was: its period, the data version it was made from, and
-- its bytes (in file_blobs, wherever evidence is stored).
CREATE TABLE report_documents (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('summary', 'ranking')),
    starts_on    TEXT NOT NULL,
    ends_on      TEXT NOT NULL,
    data_version BIGINT NOT NULL,
    docx_sha256  TEXT NOT NULL REFERENCES file_blobs(sha256),
    pdf_sha256   TEXT REFERENCES file_blobs(sha256),
    file_name    TEXT NOT NULL,
    generated_by TEXT NOT NULL,
    generated_at BIGINT NOT NULL
);
CREATE INDEX report_documents_newest ON report_documents (generated_at DESC, id DESC);

CREATE TRIGGER indicators_insert_moves_data_version AFTER INSERT ON indicators
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER indicators_update_moves_data_version AFTER UPDATE ON indicators
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER indicators_delete_moves_data_version AFTER DELETE ON indicators
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER indicator_targets_insert_moves_data_version AFTER INSERT ON indicator_targets
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER indicator_targets_update_moves_data_version AFTER UPDATE ON indicator_targets
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER indicator_targets_delete_moves_data_version AFTER DELETE ON indicator_targets
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER indicator_values_insert_moves_data_version AFTER INSERT ON indicator_values
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER indicator_values_update_moves_data_version AFTER UPDATE ON indicator_values
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER indicator_values_delete_moves_data_version AFTER DELETE ON indicator_values
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
