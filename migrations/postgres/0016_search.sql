-- Search (搜索): one full-text index over milestones, projects, problems, progress notes, units
-- and activity records, kept current by triggers inside the transaction of every write. As on
-- SQLite, texts are indexed as their overlapping pairs of characters, each carrying its
-- document's kind and part ("1t政务": a milestone's title, "4b完成": a progress note's text), so
-- any part of a Chinese text two characters or longer is found (pg_trgm's trigrams cannot use an
-- index for a two-character query) and a query for one kind reads only that kind's entries.
-- Kinds: 1 milestone, 2 project, 3 problem, 4 milestone progress, 5 unit, 6 activity, 7 project
-- progress; unit and pillar are kept for the filters. The first 4,000 characters are indexed.
-- Keep in step with ../sqlite/0016_search.sql.

CREATE FUNCTION search_grams(t text, prefix text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT string_agg(prefix || substr(lower(t), i, 2), ' ' ORDER BY i)
    FROM generate_series(1, greatest(least(length(t), 4001) - 1, 1)) AS i
$$;

CREATE TABLE search_index (
    kind      SMALLINT NOT NULL,
    doc_id    BIGINT NOT NULL,
    unit_id   BIGINT,
    pillar_id BIGINT,
    words     tsvector NOT NULL,
    PRIMARY KEY (kind, doc_id)
);
CREATE INDEX search_index_words ON search_index USING gin (words);

INSERT INTO search_index (kind, doc_id, unit_id, pillar_id, words)
SELECT 1, r.id, r.unit_id, r.pillar_id,
       to_tsvector('simple', COALESCE(search_grams(r.title || ' ' || COALESCE(r.code_stem || '-' || lpad(r.code_number::text, 3, '0'), ''), '1t'), '') || ' ' || COALESCE(search_grams(r.description, '1b'), ''))
FROM milestones r;

CREATE FUNCTION search_milestones_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM search_index WHERE kind = 1 AND doc_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO search_index (kind, doc_id, unit_id, pillar_id, words)
        VALUES (1, NEW.id, NEW.unit_id, NEW.pillar_id,
                to_tsvector('simple', COALESCE(search_grams(NEW.title || ' ' || COALESCE(NEW.code_stem || '-' || lpad(NEW.code_number::text, 3, '0'), ''), '1t'), '') || ' ' || COALESCE(search_grams(NEW.description, '1b'), '')));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER search_milestones_insert_delete AFTER INSERT OR DELETE ON milestones
    FOR EACH ROW EXECUTE FUNCTION search_milestones_index();
CREATE TRIGGER search_milestones_update AFTER UPDATE OF title, description, code_stem, code_number, unit_id, pillar_id ON milestones
    FOR EACH ROW EXECUTE FUNCTION search_milestones_index();

INSERT INTO search_index (kind, doc_id, unit_id, pillar_id, words)
SELECT 2, r.id, r.unit_id, r.pillar_id,
       to_tsvector('simple', COALESCE(search_grams(r.name || ' ' || COALESCE(r.code, ''), '2t'), '') || ' ' || COALESCE(search_grams(r.content || ' ' || r.location, '2b'), ''))
FROM projects r;

CREATE FUNCTION search_projects_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM search_index WHERE kind = 2 AND doc_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO search_index (kind, doc_id, unit_id, pillar_id, words)
        VALUES (2, NEW.id, NEW.unit_id, NEW.pillar_id,
                to_tsvector('simple', COALESCE(search_grams(NEW.name || ' ' || COALESCE(NEW.code, ''), '2t'), '') || ' ' || COALESCE(search_grams(NEW.content || ' ' || NEW.location, '2b'), '')));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER search_projects_insert_delete AFTER INSERT OR DELETE ON projects
    FOR EACH ROW EXECUTE FUNCTION search_projects_index();
CREATE TRIGGER search_projects_update AFTER UPDATE OF name, code, content, location, unit_id, pillar_id ON projects
    FOR EACH ROW EXECUTE FUNCTION search_projects_index();

INSERT INTO search_index (kind, doc_id, unit_id, pillar_id, words)
SELECT 3, r.id, r.owner_unit_id, NULL::bigint,
       to_tsvector('simple', COALESCE(search_grams(r.description, '3t'), '') || ' ' || COALESCE(search_grams(r.answer, '3b'), ''))
FROM problems r;

CREATE FUNCTION search_problems_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM search_index WHERE kind = 3 AND doc_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO search_index (kind, doc_id, unit_id, pillar_id, words)
        VALUES (3, NEW.id, NEW.owner_unit_id, NULL::bigint,
                to_tsvector('simple', COALESCE(search_grams(NEW.description, '3t'), '') || ' ' || COALESCE(search_grams(NEW.answer, '3b'), '')));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER search_problems_insert_delete AFTER INSERT OR DELETE ON problems
    FOR EACH ROW EXECUTE FUNCTION search_problems_index();
CREATE TRIGGER search_problems_update AFTER UPDATE OF description, answer, owner_unit_id ON problems
    FOR EACH ROW EXECUTE FUNCTION search_problems_index();

INSERT INTO search_index (kind, doc_id, unit_id, pillar_id, words)
SELECT 4, r.id, (SELECT m.unit_id FROM milestones m WHERE m.id = r.milestone_id), (SELECT m.pillar_id FROM milestones m WHERE m.id = r.milestone_id),
       to_tsvector('simple', COALESCE(search_grams(r.note, '4b'), ''))
FROM milestone_progress r;

CREATE FUNCTION search_milestone_progress_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM search_index WHERE kind = 4 AND doc_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO search_index (kind, doc_id, unit_id, pillar_id, words)
        VALUES (4, NEW.id, (SELECT m.unit_id FROM milestones m WHERE m.id = NEW.milestone_id), (SELECT m.pillar_id FROM milestones m WHERE m.id = NEW.milestone_id),
                to_tsvector('simple', COALESCE(search_grams(NEW.note, '4b'), '')));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER search_milestone_progress_insert_delete AFTER INSERT OR DELETE ON milestone_progress
    FOR EACH ROW EXECUTE FUNCTION search_milestone_progress_index();
CREATE TRIGGER search_milestone_progress_update AFTER UPDATE OF note, milestone_id ON milestone_progress
    FOR EACH ROW EXECUTE FUNCTION search_milestone_progress_index();

INSERT INTO search_index (kind, doc_id, unit_id, pillar_id, words)
SELECT 5, r.id, r.id, NULL::bigint,
       to_tsvector('simple', COALESCE(search_grams(r.name, '5t'), ''))
FROM units r;

CREATE FUNCTION search_units_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM search_index WHERE kind = 5 AND doc_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO search_index (kind, doc_id, unit_id, pillar_id, words)
        VALUES (5, NEW.id, NEW.id, NULL::bigint,
                to_tsvector('simple', COALESCE(search_grams(NEW.name, '5t'), '')));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER search_units_insert_delete AFTER INSERT OR DELETE ON units
    FOR EACH ROW EXECUTE FUNCTION search_units_index();
CREATE TRIGGER search_units_update AFTER UPDATE OF name ON units
    FOR EACH ROW EXECUTE FUNCTION search_units_index();

INSERT INTO search_index (kind, doc_id, unit_id, pillar_id, words)
SELECT 6, r.id, r.unit_id, r.pillar_id,
       to_tsvector('simple', COALESCE(search_grams(r.title, '6t'), '') || ' ' || COALESCE(search_grams(r.notes, '6b'), ''))
FROM activities r;

CREATE FUNCTION search_activities_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM search_index WHERE kind = 6 AND doc_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO search_index (kind, doc_id, unit_id, pillar_id, words)
        VALUES (6, NEW.id, NEW.unit_id, NEW.pillar_id,
                to_tsvector('simple', COALESCE(search_grams(NEW.title, '6t'), '') || ' ' || COALESCE(search_grams(NEW.notes, '6b'), '')));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER search_activities_insert_delete AFTER INSERT OR DELETE ON activities
    FOR EACH ROW EXECUTE FUNCTION search_activities_index();
CREATE TRIGGER search_activities_update AFTER UPDATE OF title, notes, unit_id, pillar_id ON activities
    FOR EACH ROW EXECUTE FUNCTION search_activities_index();

INSERT INTO search_index (kind, doc_id, unit_id, pillar_id, words)
SELECT 7, r.id, (SELECT p.unit_id FROM projects p WHERE p.id = r.project_id), (SELECT p.pillar_id FROM projects p WHERE p.id = r.project_id),
       to_tsvector('simple', COALESCE(search_grams(r.visible_progress, '7b'), ''))
FROM project_progress r;

CREATE FUNCTION search_project_progress_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM search_index WHERE kind = 7 AND doc_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO search_index (kind, doc_id, unit_id, pillar_id, words)
        VALUES (7, NEW.id, (SELECT p.unit_id FROM projects p WHERE p.id = NEW.project_id), (SELECT p.pillar_id FROM projects p WHERE p.id = NEW.project_id),
                to_tsvector('simple', COALESCE(search_grams(NEW.visible_progress, '7b'), '')));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER search_project_progress_insert_delete AFTER INSERT OR DELETE ON project_progress
    FOR EACH ROW EXECUTE FUNCTION search_project_progress_index();
CREATE TRIGGER search_project_progress_update AFTER UPDATE OF visible_progress, project_id ON project_progress
    FOR EACH ROW EXECUTE FUNCTION search_project_progress_index();

CREATE FUNCTION search_milestone_progress_facets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE search_index SET unit_id = NEW.unit_id, pillar_id = NEW.pillar_id
    WHERE kind = 4 AND doc_id IN (SELECT id FROM milestone_progress WHERE milestone_id = NEW.id);
    RETURN NULL;
END $$;
CREATE TRIGGER search_milestone_progress_facets AFTER UPDATE OF unit_id, pillar_id ON milestones
    FOR EACH ROW EXECUTE FUNCTION search_milestone_progress_facets();

CREATE FUNCTION search_project_progress_facets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE search_index SET unit_id = NEW.unit_id, pillar_id = NEW.pillar_id
    WHERE kind = 7 AND doc_id IN (SELECT id FROM project_progress WHERE project_id = NEW.id);
    RETURN NULL;
END $$;
CREATE TRIGGER search_project_progress_facets AFTER UPDATE OF unit_id, pillar_id ON projects
    FOR EACH ROW EXECUTE FUNCTION search_project_progress_facets();
