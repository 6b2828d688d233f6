-- Roll-ups kept current by the same transaction that writes the data (SQLite). Keep in step with
-- ../postgres/0010_rollups.sql.
--
-- The dashboard's burn-up needs each month's weighted progress gain: for every progress report,
-- its milestone's weight × (its percent − the percent of the report before it). Recomputing that
-- with a window over every report (500,000 in a large county) took most of a second, so the gains
-- are summed here per milestone group (pillar × phase × unit × domain, `domain_id` 0 for none) and
-- month (`year * 100 + month`), and the triggers below move them with every write: a report added,
-- changed or removed shifts its own month and the month of the report after it; a milestone whose
-- weight or group changes moves its whole history; a milestone deleted takes its history with it.
-- The tests compare these tables with a full recomputation after random sequences of writes.

CREATE TABLE rollup_progress_gains (
    pillar_id BIGINT NOT NULL,
    phase_id  BIGINT NOT NULL,
    unit_id   BIGINT NOT NULL,
    domain_id BIGINT NOT NULL,
    month     INTEGER NOT NULL,
    gain      BIGINT NOT NULL,
    PRIMARY KEY (pillar_id, phase_id, unit_id, domain_id, month)
);

-- The milestone list's default order (by due date) reads a page off this index instead of sorting
-- every milestone.
CREATE INDEX milestones_by_due ON milestones (due_date, id);

-- Reports after a day of the month (an "as of" day, or reports dated ahead) are read by day.
CREATE INDEX milestone_progress_by_day ON milestone_progress (reported_on);

INSERT INTO rollup_progress_gains (pillar_id, phase_id, unit_id, domain_id, month, gain)
SELECT m.pillar_id, m.phase_id, m.unit_id, COALESCE(m.domain_id, 0), g.month, SUM(m.weight * g.change)
FROM (
    SELECT p.milestone_id,
           CAST(substr(p.reported_on, 1, 4) AS INTEGER) * 100 + CAST(substr(p.reported_on, 6, 2) AS INTEGER) AS month,
           p.percent - LAG(p.percent, 1, 0) OVER (PARTITION BY p.milestone_id ORDER BY p.reported_on, p.id) AS change
    FROM milestone_progress p
) g JOIN milestones m ON m.id = g.milestone_id
GROUP BY m.pillar_id, m.phase_id, m.unit_id, COALESCE(m.domain_id, 0), g.month;

-- Two moves, written once each as INSTEAD OF triggers on views so that every trigger below calls them
-- like functions (the PostgreSQL migration has them as functions):
--
-- `rollup_report_shift`: a report arrives at (sign 1) or leaves (sign -1) its place in its milestone's
-- history. Its own month gains its percent over the report before it, and the report after it (if any)
-- now gains over this one instead of over that one. Neighbours are found without the report itself, so
-- the same arithmetic serves an arrival, a departure, and both halves of a change.
CREATE VIEW rollup_report_shift (report_id, milestone_id, reported_on, percent, sign) AS
    SELECT 0, 0, '', 0, 0 WHERE false;

CREATE TRIGGER rollup_report_shift_applies INSTEAD OF INSERT ON rollup_report_shift
BEGIN
    INSERT INTO rollup_progress_gains (pillar_id, phase_id, unit_id, domain_id, month, gain)
    SELECT m.pillar_id, m.phase_id, m.unit_id, COALESCE(m.domain_id, 0), CAST(substr(NEW.reported_on, 1, 4) AS INTEGER) * 100 + CAST(substr(NEW.reported_on, 6, 2) AS INTEGER),
           NEW.sign * m.weight * (NEW.percent - COALESCE((
               SELECT q.percent FROM milestone_progress q
               WHERE q.milestone_id = NEW.milestone_id AND q.id <> NEW.report_id
                 AND (q.reported_on < NEW.reported_on OR (q.reported_on = NEW.reported_on AND q.id < NEW.report_id))
               ORDER BY q.reported_on DESC, q.id DESC LIMIT 1), 0))
    FROM milestones m WHERE m.id = NEW.milestone_id
    ON CONFLICT (pillar_id, phase_id, unit_id, domain_id, month) DO UPDATE SET gain = gain + excluded.gain;

    INSERT INTO rollup_progress_gains (pillar_id, phase_id, unit_id, domain_id, month, gain)
    SELECT m.pillar_id, m.phase_id, m.unit_id, COALESCE(m.domain_id, 0), CAST(substr(n.reported_on, 1, 4) AS INTEGER) * 100 + CAST(substr(n.reported_on, 6, 2) AS INTEGER),
           NEW.sign * m.weight * (COALESCE((
               SELECT q.percent FROM milestone_progress q
               WHERE q.milestone_id = NEW.milestone_id AND q.id <> NEW.report_id
                 AND (q.reported_on < NEW.reported_on OR (q.reported_on = NEW.reported_on AND q.id < NEW.report_id))
               ORDER BY q.reported_on DESC, q.id DESC LIMIT 1), 0) - NEW.percent)
    FROM milestones m, (
        SELECT q.reported_on FROM milestone_progress q
        WHERE q.milestone_id = NEW.milestone_id AND q.id <> NEW.report_id
          AND (q.reported_on > NEW.reported_on OR (q.reported_on = NEW.reported_on AND q.id > NEW.report_id))
        ORDER BY q.reported_on, q.id LIMIT 1) n
    WHERE m.id = NEW.milestone_id
    ON CONFLICT (pillar_id, phase_id, unit_id, domain_id, month) DO UPDATE SET gain = gain + excluded.gain;
END;

-- `rollup_history_shift`: a milestone's whole history joins (sign 1) or leaves (sign -1) a group at a
-- weight: for a milestone whose weight or group changes, and for one being deleted.
CREATE VIEW rollup_history_shift (milestone_id, pillar_id, phase_id, unit_id, domain_id, weight, sign) AS
    SELECT 0, 0, 0, 0, 0, 0, 0 WHERE false;

CREATE TRIGGER rollup_history_shift_applies INSTEAD OF INSERT ON rollup_history_shift
BEGIN
    INSERT INTO rollup_progress_gains (pillar_id, phase_id, unit_id, domain_id, month, gain)
    SELECT NEW.pillar_id, NEW.phase_id, NEW.unit_id, COALESCE(NEW.domain_id, 0), h.month,
           NEW.sign * NEW.weight * SUM(h.change)
    FROM (
        SELECT CAST(substr(q.reported_on, 1, 4) AS INTEGER) * 100 + CAST(substr(q.reported_on, 6, 2) AS INTEGER) AS month,
               q.percent - LAG(q.percent, 1, 0) OVER (ORDER BY q.reported_on, q.id) AS change
        FROM milestone_progress q WHERE q.milestone_id = NEW.milestone_id
    ) h
    WHERE true
    GROUP BY h.month
    ON CONFLICT (pillar_id, phase_id, unit_id, domain_id, month) DO UPDATE SET gain = gain + excluded.gain;
END;

CREATE TRIGGER milestone_progress_insert_moves_gains AFTER INSERT ON milestone_progress
BEGIN
    INSERT INTO rollup_report_shift VALUES (NEW.id, NEW.milestone_id, NEW.reported_on, NEW.percent, 1);
END;

-- Nothing moves when the report's milestone is being deleted: the milestone's own trigger took its
-- whole history out, and the shift finds no milestone.
CREATE TRIGGER milestone_progress_delete_moves_gains AFTER DELETE ON milestone_progress
BEGIN
    INSERT INTO rollup_report_shift VALUES (OLD.id, OLD.milestone_id, OLD.reported_on, OLD.percent, -1);
END;

CREATE TRIGGER milestone_progress_update_moves_gains
AFTER UPDATE OF milestone_id, reported_on, percent ON milestone_progress
BEGIN
    INSERT INTO rollup_report_shift VALUES (OLD.id, OLD.milestone_id, OLD.reported_on, OLD.percent, -1);
    INSERT INTO rollup_report_shift VALUES (NEW.id, NEW.milestone_id, NEW.reported_on, NEW.percent, 1);
END;

CREATE TRIGGER milestones_update_moves_gains
AFTER UPDATE OF weight, pillar_id, phase_id, unit_id, domain_id ON milestones
WHEN OLD.weight IS NOT NEW.weight OR OLD.pillar_id IS NOT NEW.pillar_id OR OLD.phase_id IS NOT NEW.phase_id
  OR OLD.unit_id IS NOT NEW.unit_id OR OLD.domain_id IS NOT NEW.domain_id
BEGIN
    INSERT INTO rollup_history_shift
    VALUES (OLD.id, OLD.pillar_id, OLD.phase_id, OLD.unit_id, OLD.domain_id, OLD.weight, -1);
    INSERT INTO rollup_history_shift
    VALUES (NEW.id, NEW.pillar_id, NEW.phase_id, NEW.unit_id, NEW.domain_id, NEW.weight, 1);
END;

CREATE TRIGGER milestones_delete_moves_gains BEFORE DELETE ON milestones
BEGIN
    INSERT INTO rollup_history_shift
    VALUES (OLD.id, OLD.pillar_id, OLD.phase_id, OLD.unit_id, OLD.domain_id, OLD.weight, -1);
END;

-- The dashboard's investment figures: each year's planned and completed investment per project group
-- (pillar × unit × domain, 0 for none), moved by every write to the ledger and by a project changing
-- group or being deleted. An "as of" day in the past reads the ledger itself, month by month.
CREATE TABLE rollup_investment (
    year      INTEGER NOT NULL,
    pillar_id BIGINT NOT NULL,
    unit_id   BIGINT NOT NULL,
    domain_id BIGINT NOT NULL,
    planned   BIGINT NOT NULL,
    completed BIGINT NOT NULL,
    PRIMARY KEY (year, pillar_id, unit_id, domain_id)
);

INSERT INTO rollup_investment (year, pillar_id, unit_id, domain_id, planned, completed)
SELECT l.year, COALESCE(p.pillar_id, 0), p.unit_id, COALESCE(p.domain_id, 0), SUM(l.planned), SUM(l.completed)
FROM investment_ledger l JOIN projects p ON p.id = l.project_id
GROUP BY l.year, COALESCE(p.pillar_id, 0), p.unit_id, COALESCE(p.domain_id, 0);

-- `rollup_investment_shift`: amounts join (sign 1) or leave (sign -1) a project's group for a year.
-- Nothing moves when the project is gone (being deleted: its own trigger took its ledger out).
CREATE VIEW rollup_investment_shift (project_id, year, planned, completed, sign) AS
    SELECT 0, 0, 0, 0, 0 WHERE false;

CREATE TRIGGER rollup_investment_shift_applies INSTEAD OF INSERT ON rollup_investment_shift
BEGIN
    INSERT INTO rollup_investment (year, pillar_id, unit_id, domain_id, planned, completed)
    SELECT NEW.year, COALESCE(p.pillar_id, 0), p.unit_id, COALESCE(p.domain_id, 0),
           NEW.sign * NEW.planned, NEW.sign * NEW.completed
    FROM projects p WHERE p.id = NEW.project_id
    ON CONFLICT (year, pillar_id, unit_id, domain_id)
    DO UPDATE SET planned = planned + excluded.planned, completed = completed + excluded.completed;
END;

CREATE TRIGGER investment_ledger_insert_moves_rollup AFTER INSERT ON investment_ledger
BEGIN
    INSERT INTO rollup_investment_shift VALUES (NEW.project_id, NEW.year, NEW.planned, NEW.completed, 1);
END;

CREATE TRIGGER investment_ledger_delete_moves_rollup AFTER DELETE ON investment_ledger
BEGIN
    INSERT INTO rollup_investment_shift VALUES (OLD.project_id, OLD.year, OLD.planned, OLD.completed, -1);
END;

CREATE TRIGGER investment_ledger_update_moves_rollup
AFTER UPDATE OF project_id, year, planned, completed ON investment_ledger
BEGIN
    INSERT INTO rollup_investment_shift VALUES (OLD.project_id, OLD.year, OLD.planned, OLD.completed, -1);
    INSERT INTO rollup_investment_shift VALUES (NEW.project_id, NEW.year, NEW.planned, NEW.completed, 1);
END;

-- A project changing group moves its whole ledger: out of the old group (read from OLD), into the new.
CREATE TRIGGER projects_update_moves_rollup AFTER UPDATE OF pillar_id, unit_id, domain_id ON projects
WHEN OLD.pillar_id IS NOT NEW.pillar_id OR OLD.unit_id IS NOT NEW.unit_id OR OLD.domain_id IS NOT NEW.domain_id
BEGIN
    INSERT INTO rollup_investment (year, pillar_id, unit_id, domain_id, planned, completed)
    SELECT l.year, COALESCE(OLD.pillar_id, 0), OLD.unit_id, COALESCE(OLD.domain_id, 0), -SUM(l.planned), -SUM(l.completed)
    FROM investment_ledger l WHERE l.project_id = OLD.id GROUP BY l.year
    ON CONFLICT (year, pillar_id, unit_id, domain_id)
    DO UPDATE SET planned = planned + excluded.planned, completed = completed + excluded.completed;
    INSERT INTO rollup_investment (year, pillar_id, unit_id, domain_id, planned, completed)
    SELECT l.year, COALESCE(NEW.pillar_id, 0), NEW.unit_id, COALESCE(NEW.domain_id, 0), SUM(l.planned), SUM(l.completed)
    FROM investment_ledger l WHERE l.project_id = NEW.id GROUP BY l.year
    ON CONFLICT (year, pillar_id, unit_id, domain_id)
    DO UPDATE SET planned = planned + excluded.planned, completed = completed + excluded.completed;
END;

CREATE TRIGGER projects_delete_moves_rollup BEFORE DELETE ON projects
BEGIN
    INSERT INTO rollup_investment (year, pillar_id, unit_id, domain_id, planned, completed)
    SELECT l.year, COALESCE(OLD.pillar_id, 0), OLD.unit_id, COALESCE(OLD.domain_id, 0), -SUM(l.planned), -SUM(l.completed)
    FROM investment_ledger l WHERE l.project_id = OLD.id GROUP BY l.year
    ON CONFLICT (year, pillar_id, unit_id, domain_id)
    DO UPDATE SET planned = planned + excluded.planned, completed = completed + excluded.completed;
END;
