-- Schedule baselines (计划基线): a named, approved copy of every milestone's start, end and
-- weight ("2026年度计划"), against which slip is measured. A milestone deleted later stays in the
-- baseline by its code (stem and number) and title, so the comparison can say what was removed since.
-- Keep in step with ../postgres/0017_baselines.sql.
CREATE TABLE schedule_baselines (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    approved_on TEXT NOT NULL,
    approved_by TEXT NOT NULL
);

CREATE TABLE baseline_milestones (
    baseline_id  BIGINT NOT NULL REFERENCES schedule_baselines(id) ON DELETE CASCADE,
    milestone_id BIGINT NOT NULL,
    code_stem    TEXT,
    code_number  BIGINT,
    title        TEXT NOT NULL,
    pillar_id    BIGINT NOT NULL,
    start_date   TEXT NOT NULL,
    due_date     TEXT NOT NULL,
    weight       INTEGER NOT NULL,
    PRIMARY KEY (baseline_id, milestone_id)
);
