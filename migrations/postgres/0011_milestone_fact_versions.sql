-- Which milestones changed since a version of the data (PostgreSQL). Keep in step with
-- ../sqlite/0011_milestone_fact_versions.sql, which says why.
--
-- The stamp is read under the data version row's lock (FOR UPDATE), which the writing transaction
-- then holds until it commits: a transaction committing after a reader saw version V read V or
-- more, and so stamps above V.

ALTER TABLE milestones ADD COLUMN fact_version BIGINT NOT NULL DEFAULT 0;
CREATE INDEX milestones_by_fact_version ON milestones (fact_version);

CREATE FUNCTION stamp_milestone_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.fact_version := (SELECT version FROM data_version WHERE id = 1 FOR UPDATE) + 1;
    RETURN NEW;
END
$$;

CREATE TRIGGER milestones_stamp_facts
BEFORE INSERT OR UPDATE OF phase_id, pillar_id, domain_id, unit_id, start_date, due_date, weight, percent
ON milestones
FOR EACH ROW EXECUTE FUNCTION stamp_milestone_facts();

-- The dashboard's other reads after a change: the burn-up sums its roll-up by month (without this
-- index, a sort of every group's months), and 本年完成 and the 完成里程碑 indicator count
-- milestones by completion day (without it, a scan of every milestone).
CREATE INDEX rollup_progress_gains_by_month ON rollup_progress_gains (month, gain);
CREATE INDEX milestones_by_completion ON milestones (completed_on, pillar_id);
