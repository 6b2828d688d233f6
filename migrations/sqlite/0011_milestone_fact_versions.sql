-- Which milestones changed since a version of the data (SQLite). Keep in step with
-- ../postgres/0011_milestone_fact_versions.sql.
--
-- The dashboard needs every milestone's facts (groups, dates, weight, percent). Re-reading all of
-- them after each change took most of the time of a recompute in a large county (50,000
-- milestones), so each app server keeps them in memory and, when the data version moves, reads
-- only the milestones stamped after the version it holds. A stamp is the data version the writing
-- transaction saw, plus one: writers take turns, so a milestone changed by a transaction that
-- commits after a reader saw version V is stamped above V. A deleted milestone leaves no row; the
-- reader notices by the count.

ALTER TABLE milestones ADD COLUMN fact_version BIGINT NOT NULL DEFAULT 0;
CREATE INDEX milestones_by_fact_version ON milestones (fact_version);

CREATE TRIGGER milestones_insert_stamps_facts AFTER INSERT ON milestones
BEGIN
    UPDATE milestones SET fact_version = (SELECT version FROM data_version WHERE id = 1) + 1
    WHERE id = NEW.id;
END;

CREATE TRIGGER milestones_update_stamps_facts
AFTER UPDATE OF phase_id, pillar_id, domain_id, unit_id, start_date, due_date, weight, percent
ON milestones
BEGIN
    UPDATE milestones SET fact_version = (SELECT version FROM data_version WHERE id = 1) + 1
    WHERE id = NEW.id;
END;

-- The dashboard's other reads after a change: the burn-up sums its roll-up by month (without this
-- index, a sort of every group's months), and 本年完成 and the 完成里程碑 indicator count
-- milestones by completion day (without it, a scan of every milestone).
CREATE INDEX rollup_progress_gains_by_month ON rollup_progress_gains (month, gain);
CREATE INDEX milestones_by_completion ON milestones (completed_on, pillar_id);
