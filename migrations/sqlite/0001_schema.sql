-- Roadmap schema (SQLite). Keep in step with ../postgres/0001_schema.sql.
-- SQLite stores dates as ISO-8601 text, which sorts and compares like a date.
-- Money columns hold hundredths of 万元 (exact); dates are calendar dates.

CREATE TABLE roadmaps (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    county      TEXT NOT NULL,
    start_year  INTEGER NOT NULL,
    end_year    INTEGER NOT NULL CHECK (end_year >= start_year),
    is_sample   BOOLEAN NOT NULL DEFAULT 0
);

CREATE TABLE phases (
    id          INTEGER PRIMARY KEY,
    roadmap_id  BIGINT NOT NULL REFERENCES roadmaps(id) ON DELETE CASCADE,
    code        TEXT NOT NULL,
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL DEFAULT '',
    start_date  TEXT NOT NULL,
    end_date    TEXT NOT NULL CHECK (end_date >= start_date),
    sort_order  INTEGER NOT NULL DEFAULT 0,
    UNIQUE (roadmap_id, code)
);

CREATE TABLE pillars (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    sort_order  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE domains (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL DEFAULT '',
    sort_order  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE units (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL DEFAULT 'department' CHECK (kind IN ('department', 'town', 'company', 'other')),
    contact_name  TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    sort_order    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE milestones (
    id           INTEGER PRIMARY KEY,
    roadmap_id   BIGINT NOT NULL REFERENCES roadmaps(id) ON DELETE CASCADE,
    phase_id     BIGINT NOT NULL REFERENCES phases(id),
    pillar_id    BIGINT NOT NULL REFERENCES pillars(id),
    domain_id    BIGINT REFERENCES domains(id),
    unit_id      BIGINT NOT NULL REFERENCES units(id),
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    start_date   TEXT NOT NULL,
    due_date     TEXT NOT NULL,
    weight       INTEGER NOT NULL DEFAULT 1 CHECK (weight >= 0),
    percent      INTEGER NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
    completed_on TEXT,
    version      BIGINT NOT NULL DEFAULT 1,
    CHECK (due_date >= start_date)
);
CREATE INDEX milestones_phase ON milestones (phase_id);
CREATE INDEX milestones_pillar ON milestones (pillar_id);
CREATE INDEX milestones_unit ON milestones (unit_id);

CREATE TABLE milestone_dependencies (
    milestone_id  BIGINT NOT NULL REFERENCES milestones(id) ON DELETE CASCADE,
    depends_on_id BIGINT NOT NULL REFERENCES milestones(id) ON DELETE CASCADE,
    PRIMARY KEY (milestone_id, depends_on_id),
    CHECK (milestone_id <> depends_on_id)
);

CREATE TABLE milestone_progress (
    id           INTEGER PRIMARY KEY,
    milestone_id BIGINT NOT NULL REFERENCES milestones(id) ON DELETE CASCADE,
    reported_on  TEXT NOT NULL,
    percent      INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
    note         TEXT NOT NULL DEFAULT '',
    author_id    BIGINT
);
CREATE INDEX milestone_progress_by_milestone ON milestone_progress (milestone_id, reported_on);

CREATE TABLE projects (
    id                INTEGER PRIMARY KEY,
    kind              TEXT NOT NULL CHECK (kind IN ('major', 'information')),
    code              TEXT UNIQUE,
    name              TEXT NOT NULL,
    unit_id           BIGINT NOT NULL REFERENCES units(id),
    location          TEXT NOT NULL DEFAULT '',
    construction_type TEXT NOT NULL CHECK (construction_type IN ('new', 'continuing', 'expansion')),
    pillar_id         BIGINT REFERENCES pillars(id),
    domain_id         BIGINT REFERENCES domains(id),
    content           TEXT NOT NULL DEFAULT '',
    start_year        INTEGER NOT NULL,
    end_year          INTEGER NOT NULL CHECK (end_year >= start_year),
    total_investment  BIGINT NOT NULL CHECK (total_investment >= 0),
    fund_central      BIGINT NOT NULL DEFAULT 0 CHECK (fund_central >= 0),
    fund_provincial   BIGINT NOT NULL DEFAULT 0 CHECK (fund_provincial >= 0),
    fund_city         BIGINT NOT NULL DEFAULT 0 CHECK (fund_city >= 0),
    fund_county       BIGINT NOT NULL DEFAULT 0 CHECK (fund_county >= 0),
    fund_social       BIGINT NOT NULL DEFAULT 0 CHECK (fund_social >= 0),
    status            TEXT NOT NULL DEFAULT 'preparing' CHECK (status IN ('preparing', 'in_progress', 'completed', 'suspended')),
    visible_progress  TEXT NOT NULL DEFAULT '',
    contact_name      TEXT NOT NULL DEFAULT '',
    contact_phone     TEXT NOT NULL DEFAULT '',
    version           BIGINT NOT NULL DEFAULT 1,
    CHECK (fund_central + fund_provincial + fund_city + fund_county + fund_social = total_investment)
);
CREATE INDEX projects_unit ON projects (unit_id);

CREATE TABLE project_milestones (
    project_id   BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    milestone_id BIGINT NOT NULL REFERENCES milestones(id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, milestone_id)
);

CREATE TABLE project_progress (
    id               INTEGER PRIMARY KEY,
    project_id       BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    reported_on      TEXT NOT NULL,
    percent          INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
    visible_progress TEXT NOT NULL DEFAULT '',
    author_id        BIGINT
);
CREATE INDEX project_progress_by_project ON project_progress (project_id, reported_on);

CREATE TABLE investment_ledger (
    project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    year       INTEGER NOT NULL,
    month      INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    planned    BIGINT NOT NULL DEFAULT 0 CHECK (planned >= 0),
    completed  BIGINT NOT NULL DEFAULT 0 CHECK (completed >= 0),
    PRIMARY KEY (project_id, year, month)
);

CREATE TABLE problems (
    id            INTEGER PRIMARY KEY,
    milestone_id  BIGINT REFERENCES milestones(id) ON DELETE CASCADE,
    project_id    BIGINT REFERENCES projects(id) ON DELETE CASCADE,
    description   TEXT NOT NULL,
    owner_unit_id BIGINT REFERENCES units(id),
    raised_on     TEXT NOT NULL,
    due_date      TEXT,
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'closed')),
    answer        TEXT NOT NULL DEFAULT '',
    closed_on     TEXT,
    CHECK (milestone_id IS NOT NULL OR project_id IS NOT NULL)
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL CHECK (role IN ('viewer', 'planner', 'admin')),
    password_hash TEXT NOT NULL,
    disabled      BOOLEAN NOT NULL DEFAULT 0
);

-- Admin-editable settings such as the status thresholds.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO settings (key, value) VALUES ('status.yellow_points', '10'), ('status.red_points', '30');
