-- Search (搜索): one full-text index over milestones, projects, problems, progress notes, units
-- and activity records, kept current by triggers inside the transaction of every write.
--
-- Texts are indexed as their overlapping pairs of characters ("政务云" → "政务 务云"), so any part
-- of a Chinese text two characters or longer is found without a dictionary: a query is the phrase
-- of its own pairs. (FTS5's trigram tokenizer cannot answer a two-character query from its
-- index.) Each pair carries its document's kind and whether it is in the title ("1t政务") or the
-- text ("4b完成"), so a query for one kind's titles reads only those: a pair in three of four
-- progress notes costs a search for milestone titles nothing. Kinds: 1 milestone, 2 project,
-- 3 problem, 4 milestone progress, 5 unit, 6 activity, 7 project progress. A document's rowid is
-- its record's id × 8 + its kind; the facets column holds u<unit> and p<pillar> for the filters.
-- The first 4,000 characters of a text are indexed.

CREATE TABLE search_numbers (n INTEGER PRIMARY KEY);
WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 4000)
INSERT INTO search_numbers (n) SELECT n FROM k;

CREATE VIRTUAL TABLE search_index USING fts5(
    words, facets,
    content = '', contentless_delete = 1, tokenize = 'ascii'
);

INSERT INTO search_index (rowid, words, facets)
SELECT r.id * 8 + 1,
       COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '1t' || substr(lower(r.title || ' ' || COALESCE(r.code_stem || '-' || printf('%03d', r.code_number), '')), n, 2) AS g FROM search_numbers WHERE n <= max(length(r.title || ' ' || COALESCE(r.code_stem || '-' || printf('%03d', r.code_number), '')) - 1, 1) ORDER BY n)), '')
            || ' ' || COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '1b' || substr(lower(r.description), n, 2) AS g FROM search_numbers WHERE n <= max(length(r.description) - 1, 1) ORDER BY n)), ''),
       'u' || r.unit_id || ' p' || r.pillar_id
FROM milestones r;

CREATE TRIGGER search_milestones_insert AFTER INSERT ON milestones BEGIN
    INSERT INTO search_index (rowid, words, facets) VALUES (new.id * 8 + 1,
        COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '1t' || substr(lower(new.title || ' ' || COALESCE(new.code_stem || '-' || printf('%03d', new.code_number), '')), n, 2) AS g FROM search_numbers WHERE n <= max(length(new.title || ' ' || COALESCE(new.code_stem || '-' || printf('%03d', new.code_number), '')) - 1, 1) ORDER BY n)), '')
            || ' ' || COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '1b' || substr(lower(new.description), n, 2) AS g FROM search_numbers WHERE n <= max(length(new.description) - 1, 1) ORDER BY n)), ''),
        'u' || new.unit_id || ' p' || new.pillar_id);
END;

CREATE TRIGGER search_milestones_update AFTER UPDATE OF title, description, code_stem, code_number, unit_id, pillar_id ON milestones BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 1;
    INSERT INTO search_index (rowid, words, facets) VALUES (new.id * 8 + 1,
        COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '1t' || substr(lower(new.title || ' ' || COALESCE(new.code_stem || '-' || printf('%03d', new.code_number), '')), n, 2) AS g FROM search_numbers WHERE n <= max(length(new.title || ' ' || COALESCE(new.code_stem || '-' || printf('%03d', new.code_number), '')) - 1, 1) ORDER BY n)), '')
            || ' ' || COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '1b' || substr(lower(new.description), n, 2) AS g FROM search_numbers WHERE n <= max(length(new.description) - 1, 1) ORDER BY n)), ''),
        'u' || new.unit_id || ' p' || new.pillar_id);
END;

CREATE TRIGGER search_milestones_delete AFTER DELETE ON milestones BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 1;
END;

INSERT INTO search_index (rowid, words, facets)
SELECT r.id * 8 + 2,
       COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '2t' || substr(lower(r.name || ' ' || COALESCE(r.code, '')), n, 2) AS g FROM search_numbers WHERE n <= max(length(r.name || ' ' || COALESCE(r.code, '')) - 1, 1) ORDER BY n)), '')
            || ' ' || COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '2b' || substr(lower(r.content || ' ' || r.location), n, 2) AS g FROM search_numbers WHERE n <= max(length(r.content || ' ' || r.location) - 1, 1) ORDER BY n)), ''),
       'u' || r.unit_id || COALESCE(' p' || r.pillar_id, '')
FROM projects r;

CREATE TRIGGER search_projects_insert AFTER INSERT ON projects BEGIN
    INSERT INTO search_index (rowid, words, facets) VALUES (new.id * 8 + 2,
        COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '2t' || substr(lower(new.name || ' ' || COALESCE(new.code, '')), n, 2) AS g FROM search_numbers WHERE n <= max(length(new.name || ' ' || COALESCE(new.code, '')) - 1, 1) ORDER BY n)), '')
            || ' ' || COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '2b' || substr(lower(new.content || ' ' || new.location), n, 2) AS g FROM search_numbers WHERE n <= max(length(new.content || ' ' || new.location) - 1, 1) ORDER BY n)), ''),
        'u' || new.unit_id || COALESCE(' p' || new.pillar_id, ''));
END;

CREATE TRIGGER search_projects_update AFTER UPDATE OF name, code, content, location, unit_id, pillar_id ON projects BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 2;
    INSERT INTO search_index (rowid, words, facets) VALUES (new.id * 8 + 2,
        COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '2t' || substr(lower(new.name || ' ' || COALESCE(new.code, '')), n, 2) AS g FROM search_numbers WHERE n <= max(length(new.name || ' ' || COALESCE(new.code, '')) - 1, 1) ORDER BY n)), '')
            || ' ' || COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '2b' || substr(lower(new.content || ' ' || new.location), n, 2) AS g FROM search_numbers WHERE n <= max(length(new.content || ' ' || new.location) - 1, 1) ORDER BY n)), ''),
        'u' || new.unit_id || COALESCE(' p' || new.pillar_id, ''));
END;

CREATE TRIGGER search_projects_delete AFTER DELETE ON projects BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 2;
END;

INSERT INTO search_index (rowid, words, facets)
SELECT r.id * 8 + 3,
       COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '3t' || substr(lower(r.description), n, 2) AS g FROM search_numbers WHERE n <= max(length(r.description) - 1, 1) ORDER BY n)), '')
            || ' ' || COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '3b' || substr(lower(r.answer), n, 2) AS g FROM search_numbers WHERE n <= max(length(r.answer) - 1, 1) ORDER BY n)), ''),
       COALESCE('u' || r.owner_unit_id, '')
FROM problems r;

CREATE TRIGGER search_problems_insert AFTER INSERT ON problems BEGIN
    INSERT INTO search_index (rowid, words, facets) VALUES (new.id * 8 + 3,
        COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '3t' || substr(lower(new.description), n, 2) AS g FROM search_numbers WHERE n <= max(length(new.description) - 1, 1) ORDER BY n)), '')
            || ' ' || COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '3b' || substr(lower(new.answer), n, 2) AS g FROM search_numbers WHERE n <= max(length(new.answer) - 1, 1) ORDER BY n)), ''),
        COALESCE('u' || new.owner_unit_id, ''));
END;

CREATE TRIGGER search_problems_update AFTER UPDATE OF description, answer, owner_unit_id ON problems BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 3;
    INSERT INTO search_index (rowid, words, facets) VALUES (new.id * 8 + 3,
        COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '3t' || substr(lower(new.description), n, 2) AS g FROM search_numbers WHERE n <= max(length(new.description) - 1, 1) ORDER BY n)), '')
            || ' ' || COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '3b' || substr(lower(new.answer), n, 2) AS g FROM search_numbers WHERE n <= max(length(new.answer) - 1, 1) ORDER BY n)), ''),
        COALESCE('u' || new.owner_unit_id, ''));
END;

CREATE TRIGGER search_problems_delete AFTER DELETE ON problems BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 3;
END;

INSERT INTO search_index (rowid, words, facets)
SELECT r.id * 8 + 4,
       COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '4b' || substr(lower(r.note), n, 2) AS g FROM search_numbers WHERE n <= max(length(r.note) - 1, 1) ORDER BY n)), ''),
       (SELECT 'u' || m.unit_id || ' p' || m.pillar_id FROM milestones m WHERE m.id = r.milestone_id)
FROM milestone_progress r;

CREATE TRIGGER search_milestone_progress_insert AFTER INSERT ON milestone_progress BEGIN
    INSERT INTO search_index (rowid, words, facets) VALUES (new.id * 8 + 4,
        COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '4b' || substr(lower(new.note), n, 2) AS g FROM search_numbers WHERE n <= max(length(new.note) - 1, 1) ORDER BY n)), ''),
        (SELECT 'u' || m.unit_id || ' p' || m.pillar_id FROM milestones m WHERE m.id = new.milestone_id));
END;

CREATE TRIGGER search_milestone_progress_update AFTER UPDATE OF note, milestone_id ON milestone_progress BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 4;
    INSERT INTO search_index (rowid, words, facets) VALUES (new.id * 8 + 4,
        COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '4b' || substr(lower(new.note), n, 2) AS g FROM search_numbers WHERE n <= max(length(new.note) - 1, 1) ORDER BY n)), ''),
        (SELECT 'u' || m.unit_id || ' p' || m.pillar_id FROM milestones m WHERE m.id = new.milestone_id));
END;

CREATE TRIGGER search_milestone_progress_delete AFTER DELETE ON milestone_progress BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 4;
END;

INSERT INTO search_index (rowid, words, facets)
SELECT r.id * 8 + 5,
       COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '5t' || substr(lower(r.name), n, 2) AS g FROM search_numbers WHERE n <= max(length(r.name) - 1, 1) ORDER BY n)), ''),
       'u' || r.id
FROM units r;

CREATE TRIGGER search_units_insert AFTER INSERT ON units BEGIN
    INSERT INTO search_index (rowid, words, facets) VALUES (new.id * 8 + 5,
        COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '5t' || substr(lower(new.name), n, 2) AS g FROM search_numbers WHERE n <= max(length(new.name) - 1, 1) ORDER BY n)), ''),
        'u' || new.id);
END;

CREATE TRIGGER search_units_update AFTER UPDATE OF name ON units BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 5;
    INSERT INTO search_index (rowid, words, facets) VALUES (new.id * 8 + 5,
        COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '5t' || substr(lower(new.name), n, 2) AS g FROM search_numbers WHERE n <= max(length(new.name) - 1, 1) ORDER BY n)), ''),
        'u' || new.id);
END;

CREATE TRIGGER search_units_delete AFTER DELETE ON units BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 5;
END;

INSERT INTO search_index (rowid, words, facets)
SELECT r.id * 8 + 6,
       COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '6t' || substr(lower(r.title), n, 2) AS g FROM search_numbers WHERE n <= max(length(r.title) - 1, 1) ORDER BY n)), '')
            || ' ' || COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '6b' || substr(lower(r.notes), n, 2) AS g FROM search_numbers WHERE n <= max(length(r.notes) - 1, 1) ORDER BY n)), ''),
       COALESCE('u' || r.unit_id, '') || COALESCE(' p' || r.pillar_id, '')
FROM activities r;

CREATE TRIGGER search_activities_insert AFTER INSERT ON activities BEGIN
    INSERT INTO search_index (rowid, words, facets) VALUES (new.id * 8 + 6,
        COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '6t' || substr(lower(new.title), n, 2) AS g FROM search_numbers WHERE n <= max(length(new.title) - 1, 1) ORDER BY n)), '')
            || ' ' || COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '6b' || substr(lower(new.notes), n, 2) AS g FROM search_numbers WHERE n <= max(length(new.notes) - 1, 1) ORDER BY n)), ''),
        COALESCE('u' || new.unit_id, '') || COALESCE(' p' || new.pillar_id, ''));
END;

CREATE TRIGGER search_activities_update AFTER UPDATE OF title, notes, unit_id, pillar_id ON activities BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 6;
    INSERT INTO search_index (rowid, words, facets) VALUES (new.id * 8 + 6,
        COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '6t' || substr(lower(new.title), n, 2) AS g FROM search_numbers WHERE n <= max(length(new.title) - 1, 1) ORDER BY n)), '')
            || ' ' || COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '6b' || substr(lower(new.notes), n, 2) AS g FROM search_numbers WHERE n <= max(length(new.notes) - 1, 1) ORDER BY n)), ''),
        COALESCE('u' || new.unit_id, '') || COALESCE(' p' || new.pillar_id, ''));
END;

CREATE TRIGGER search_activities_delete AFTER DELETE ON activities BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 6;
END;

INSERT INTO search_index (rowid, words, facets)
SELECT r.id * 8 + 7,
       COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '7b' || substr(lower(r.visible_progress), n, 2) AS g FROM search_numbers WHERE n <= max(length(r.visible_progress) - 1, 1) ORDER BY n)), ''),
       (SELECT 'u' || p.unit_id || COALESCE(' p' || p.pillar_id, '') FROM projects p WHERE p.id = r.project_id)
FROM project_progress r;

CREATE TRIGGER search_project_progress_insert AFTER INSERT ON project_progress BEGIN
    INSERT INTO search_index (rowid, words, facets) VALUES (new.id * 8 + 7,
        COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '7b' || substr(lower(new.visible_progress), n, 2) AS g FROM search_numbers WHERE n <= max(length(new.visible_progress) - 1, 1) ORDER BY n)), ''),
        (SELECT 'u' || p.unit_id || COALESCE(' p' || p.pillar_id, '') FROM projects p WHERE p.id = new.project_id));
END;

CREATE TRIGGER search_project_progress_update AFTER UPDATE OF visible_progress, project_id ON project_progress BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 7;
    INSERT INTO search_index (rowid, words, facets) VALUES (new.id * 8 + 7,
        COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '7b' || substr(lower(new.visible_progress), n, 2) AS g FROM search_numbers WHERE n <= max(length(new.visible_progress) - 1, 1) ORDER BY n)), ''),
        (SELECT 'u' || p.unit_id || COALESCE(' p' || p.pillar_id, '') FROM projects p WHERE p.id = new.project_id));
END;

CREATE TRIGGER search_project_progress_delete AFTER DELETE ON project_progress BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 7;
END;

CREATE TRIGGER search_milestone_progress_facets AFTER UPDATE OF unit_id, pillar_id ON milestones BEGIN
    DELETE FROM search_index WHERE rowid IN (SELECT id * 8 + 4 FROM milestone_progress WHERE milestone_id = new.id);
    INSERT INTO search_index (rowid, words, facets)
    SELECT c.id * 8 + 4,
           COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '4b' || substr(lower(c.note), n, 2) AS g FROM search_numbers WHERE n <= max(length(c.note) - 1, 1) ORDER BY n)), ''),
           (SELECT 'u' || m.unit_id || ' p' || m.pillar_id FROM milestones m WHERE m.id = c.milestone_id)
    FROM milestone_progress c WHERE c.milestone_id = new.id;
END;

CREATE TRIGGER search_project_progress_facets AFTER UPDATE OF unit_id, pillar_id ON projects BEGIN
    DELETE FROM search_index WHERE rowid IN (SELECT id * 8 + 7 FROM project_progress WHERE project_id = new.id);
    INSERT INTO search_index (rowid, words, facets)
    SELECT c.id * 8 + 7,
           COALESCE((SELECT group_concat(g, ' ') FROM (SELECT '7b' || substr(lower(c.visible_progress), n, 2) AS g FROM search_numbers WHERE n <= max(length(c.visible_progress) - 1, 1) ORDER BY n)), ''),
           (SELECT 'u' || p.unit_id || COALESCE(' p' || p.pillar_id, '') FROM projects p WHERE p.id = c.project_id)
    FROM project_progress c WHERE c.project_id = new.id;
END;
