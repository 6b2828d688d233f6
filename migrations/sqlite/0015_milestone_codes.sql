-- Milestone codes (SQLite), such as YW-2025-014 (app/src/domain/milestone_code.rs): a pillar's
-- abbreviation, and each milestone's stem (abbreviation and start year) and number within it.
-- Existing milestones are numbered in the order they were created. Keep in step with
-- ../postgres/0015_milestone_codes.sql; new milestones are numbered by db::milestones::number_new.
ALTER TABLE pillars ADD COLUMN abbr TEXT NOT NULL DEFAULT '';
UPDATE pillars SET abbr = CASE code
    WHEN 'cloud' THEN 'YY' WHEN 'network' THEN 'YW' WHEN 'platform' THEN 'YP'
    WHEN 'system' THEN 'YX' WHEN 'wall' THEN 'YQ' ELSE upper(substr(code, 1, 2)) END;

ALTER TABLE milestones ADD COLUMN code_stem TEXT;
ALTER TABLE milestones ADD COLUMN code_number BIGINT;
CREATE UNIQUE INDEX milestones_code ON milestones (code_stem, code_number);
-- The milestones still to number: only those just created, so numbering reads only them.
CREATE INDEX milestones_unnumbered ON milestones (id) WHERE code_number IS NULL;

UPDATE milestones SET code_stem = fresh.stem, code_number = fresh.n
FROM (
    SELECT m.id, p.abbr || '-' || substr(m.start_date, 1, 4) AS stem,
           ROW_NUMBER() OVER (PARTITION BY p.abbr, substr(m.start_date, 1, 4) ORDER BY m.id) AS n
    FROM milestones m JOIN pillars p ON p.id = m.pillar_id
) AS fresh
WHERE fresh.id = milestones.id;
