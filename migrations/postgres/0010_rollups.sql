-- Roll-ups kept current by the same transaction that writes the data (PostgreSQL). Keep in step
-- with ../sqlite/0010_rollups.sql.
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

CREATE FUNCTION rollup_month(day DATE) RETURNS INTEGER LANGUAGE sql IMMUTABLE AS $$
    SELECT CAST(EXTRACT(YEAR FROM day) * 100 + EXTRACT(MONTH FROM day) AS INTEGER)
$$;

INSERT INTO rollup_progress_gains (pillar_id, phase_id, unit_id, domain_id, month, gain)
SELECT m.pillar_id, m.phase_id, m.unit_id, COALESCE(m.domain_id, 0), g.month, SUM(m.weight * g.change)
FROM (
    SELECT p.milestone_id, rollup_month(p.reported_on) AS month,
           p.percent - LAG(p.percent, 1, 0) OVER (PARTITION BY p.milestone_id ORDER BY p.reported_on, p.id) AS change
    FROM milestone_progress p
) g JOIN milestones m ON m.id = g.milestone_id
GROUP BY m.pillar_id, m.phase_id, m.unit_id, COALESCE(m.domain_id, 0), g.month;

CREATE FUNCTION rollup_add_gain(pillar BIGINT, phase BIGINT, unit BIGINT, domain BIGINT, month INTEGER, gain BIGINT)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO rollup_progress_gains (pillar_id, phase_id, unit_id, domain_id, month, gain)
    VALUES (pillar, phase, unit, COALESCE(domain, 0), month, gain)
    ON CONFLICT (pillar_id, phase_id, unit_id, domain_id, month)
    DO UPDATE SET gain = rollup_progress_gains.gain + EXCLUDED.gain
$$;

-- A report arrives at (sign 1) or leaves (sign -1) its place in its milestone's history. Its own
-- month gains its percent over the report before it, and the report after it (if any) now gains
-- over this one instead of over that one. Neighbours are found without the report itself, so the
-- same arithmetic serves an arrival, a departure, and both halves of a change. Nothing moves when
-- the milestone is gone (being deleted: its own trigger took its whole history out).
CREATE FUNCTION rollup_report_shift(report BIGINT, milestone BIGINT, day DATE, report_percent INTEGER, sign INTEGER)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    m milestones%ROWTYPE;
    before INTEGER;
    after_day DATE;
BEGIN
    SELECT * INTO m FROM milestones WHERE id = milestone;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    SELECT q.percent INTO before FROM milestone_progress q
    WHERE q.milestone_id = milestone AND q.id <> report AND (q.reported_on, q.id) < (day, report)
    ORDER BY q.reported_on DESC, q.id DESC LIMIT 1;
    before := COALESCE(before, 0);
    PERFORM rollup_add_gain(m.pillar_id, m.phase_id, m.unit_id, m.domain_id, rollup_month(day),
                            CAST(sign AS BIGINT) * m.weight * (report_percent - before));
    SELECT q.reported_on INTO after_day FROM milestone_progress q
    WHERE q.milestone_id = milestone AND q.id <> report AND (q.reported_on, q.id) > (day, report)
    ORDER BY q.reported_on, q.id LIMIT 1;
    IF FOUND THEN
        PERFORM rollup_add_gain(m.pillar_id, m.phase_id, m.unit_id, m.domain_id, rollup_month(after_day),
                                CAST(sign AS BIGINT) * m.weight * (before - report_percent));
    END IF;
END
$$;

-- A milestone's whole history joins (sign 1) or leaves (sign -1) a group at a weight: for a
-- milestone whose weight or group changes, and for one being deleted.
CREATE FUNCTION rollup_history_shift(milestone BIGINT, pillar BIGINT, phase BIGINT, unit BIGINT, domain BIGINT,
                                     weight INTEGER, sign INTEGER)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO rollup_progress_gains (pillar_id, phase_id, unit_id, domain_id, month, gain)
    SELECT pillar, phase, unit, COALESCE(domain, 0), h.month, CAST(sign AS BIGINT) * weight * SUM(h.change)
    FROM (
        SELECT rollup_month(q.reported_on) AS month,
               q.percent - LAG(q.percent, 1, 0) OVER (ORDER BY q.reported_on, q.id) AS change
        FROM milestone_progress q WHERE q.milestone_id = milestone
    ) h
    GROUP BY h.month
    ON CONFLICT (pillar_id, phase_id, unit_id, domain_id, month)
    DO UPDATE SET gain = rollup_progress_gains.gain + EXCLUDED.gain
$$;

-- BEFORE, not AFTER: PostgreSQL runs AFTER row triggers once the whole statement is done, when every
-- row of a multi-row insert is already in the table, while the arithmetic needs the history as it is
-- row by row. A BEFORE trigger sees the rows of the same statement processed before its own.
CREATE FUNCTION milestone_progress_moves_gains() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM rollup_report_shift(OLD.id, OLD.milestone_id, OLD.reported_on, OLD.percent, -1);
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    PERFORM rollup_report_shift(NEW.id, NEW.milestone_id, NEW.reported_on, NEW.percent, 1);
    RETURN NEW;
END
$$;

CREATE TRIGGER milestone_progress_moves_gains
BEFORE INSERT OR DELETE OR UPDATE OF milestone_id, reported_on, percent ON milestone_progress
FOR EACH ROW EXECUTE FUNCTION milestone_progress_moves_gains();

CREATE FUNCTION milestones_move_gains() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM rollup_history_shift(OLD.id, OLD.pillar_id, OLD.phase_id, OLD.unit_id, OLD.domain_id, OLD.weight, -1);
        RETURN OLD;
    END IF;
    IF (OLD.weight, OLD.pillar_id, OLD.phase_id, OLD.unit_id, OLD.domain_id)
       IS DISTINCT FROM (NEW.weight, NEW.pillar_id, NEW.phase_id, NEW.unit_id, NEW.domain_id) THEN
        PERFORM rollup_history_shift(OLD.id, OLD.pillar_id, OLD.phase_id, OLD.unit_id, OLD.domain_id, OLD.weight, -1);
        PERFORM rollup_history_shift(NEW.id, NEW.pillar_id, NEW.phase_id, NEW.unit_id, NEW.domain_id, NEW.weight, 1);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER milestones_update_moves_gains
AFTER UPDATE OF weight, pillar_id, phase_id, unit_id, domain_id ON milestones
FOR EACH ROW EXECUTE FUNCTION milestones_move_gains();

CREATE TRIGGER milestones_delete_moves_gains BEFORE DELETE ON milestones
FOR EACH ROW EXECUTE FUNCTION milestones_move_gains();

-- TRUNCATE skips row triggers: emptying the milestones or their history empties the gains too.
CREATE FUNCTION truncate_gains() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM rollup_progress_gains;
    RETURN NULL;
END
$$;
CREATE TRIGGER milestones_truncate_empties_gains AFTER TRUNCATE ON milestones
FOR EACH STATEMENT EXECUTE FUNCTION truncate_gains();
CREATE TRIGGER milestone_progress_truncate_empties_gains AFTER TRUNCATE ON milestone_progress
FOR EACH STATEMENT EXECUTE FUNCTION truncate_gains();

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

-- Amounts join (sign 1) or leave (sign -1) a group for a year.
CREATE FUNCTION rollup_investment_add(year INTEGER, pillar BIGINT, unit BIGINT, domain BIGINT,
                                      planned BIGINT, completed BIGINT, sign INTEGER)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO rollup_investment (year, pillar_id, unit_id, domain_id, planned, completed)
    VALUES (year, COALESCE(pillar, 0), unit, COALESCE(domain, 0), sign * planned, sign * completed)
    ON CONFLICT (year, pillar_id, unit_id, domain_id)
    DO UPDATE SET planned = rollup_investment.planned + EXCLUDED.planned,
                  completed = rollup_investment.completed + EXCLUDED.completed
$$;

-- A ledger row's amounts move with the project's group; nothing moves when the project is gone
-- (being deleted: its own trigger took its ledger out).
CREATE FUNCTION investment_ledger_moves_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM rollup_investment_add(OLD.year, p.pillar_id, p.unit_id, p.domain_id, OLD.planned, OLD.completed, -1)
        FROM projects p WHERE p.id = OLD.project_id;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM rollup_investment_add(NEW.year, p.pillar_id, p.unit_id, p.domain_id, NEW.planned, NEW.completed, 1)
        FROM projects p WHERE p.id = NEW.project_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER investment_ledger_moves_rollup
AFTER INSERT OR DELETE OR UPDATE OF project_id, year, planned, completed ON investment_ledger
FOR EACH ROW EXECUTE FUNCTION investment_ledger_moves_rollup();

-- A project changing group moves its whole ledger; one deleted takes it out.
CREATE FUNCTION projects_move_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR (OLD.pillar_id, OLD.unit_id, OLD.domain_id)
                           IS DISTINCT FROM (NEW.pillar_id, NEW.unit_id, NEW.domain_id) THEN
        PERFORM rollup_investment_add(l.year, OLD.pillar_id, OLD.unit_id, OLD.domain_id,
                                      SUM(l.planned)::BIGINT, SUM(l.completed)::BIGINT, -1)
        FROM investment_ledger l WHERE l.project_id = OLD.id GROUP BY l.year;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    IF (OLD.pillar_id, OLD.unit_id, OLD.domain_id) IS DISTINCT FROM (NEW.pillar_id, NEW.unit_id, NEW.domain_id) THEN
        PERFORM rollup_investment_add(l.year, NEW.pillar_id, NEW.unit_id, NEW.domain_id,
                                      SUM(l.planned)::BIGINT, SUM(l.completed)::BIGINT, 1)
        FROM investment_ledger l WHERE l.project_id = NEW.id GROUP BY l.year;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER projects_update_moves_rollup AFTER UPDATE OF pillar_id, unit_id, domain_id ON projects
FOR EACH ROW EXECUTE FUNCTION projects_move_rollup();
CREATE TRIGGER projects_delete_moves_rollup BEFORE DELETE ON projects
FOR EACH ROW EXECUTE FUNCTION projects_move_rollup();

CREATE FUNCTION truncate_investment_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM rollup_investment;
    RETURN NULL;
END
$$;
CREATE TRIGGER projects_truncate_empties_rollup AFTER TRUNCATE ON projects
FOR EACH STATEMENT EXECUTE FUNCTION truncate_investment_rollup();
CREATE TRIGGER investment_ledger_truncate_empties_rollup AFTER TRUNCATE ON investment_ledger
FOR EACH STATEMENT EXECUTE FUNCTION truncate_investment_rollup();
