-- 上报 packages (issue 19). A county signs what it sends upward with its own Ed25519 key; an
-- upstream instance (a city or province) registers counties by 行政区划代码 and public key and
-- keeps every package it accepted, the newest for each county and month being the one it shows.
-- Keep in step with ../postgres/0019_region.sql.

-- This instance as a county: its code and signing key (one row, made on first use).
CREATE TABLE package_identity (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    region_code TEXT,
    -- The key's 32-byte seed and its public half, in base64. The seed never leaves the database
    -- except in a backup.
    secret_key  TEXT NOT NULL,
    public_key  TEXT NOT NULL,
    -- How many packages it has signed: each package carries the next number, so upstream can
    -- tell a newer package from a replayed older one whatever the clocks say.
    packages_signed BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL
);

-- Counties registered upstream.
CREATE TABLE region_counties (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    region_code TEXT NOT NULL UNIQUE,
    public_key  TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

-- Every package accepted; `superseded_by` points at the newer package of the same county and month.
CREATE TABLE region_packages (
    id                    INTEGER PRIMARY KEY,
    county_id             BIGINT NOT NULL REFERENCES region_counties(id),
    period                TEXT NOT NULL,
    sequence              BIGINT NOT NULL,
    generated_at          TEXT NOT NULL,
    schema_version        INTEGER NOT NULL,
    manifest_sha256       TEXT NOT NULL,
    imported_at           BIGINT NOT NULL,
    imported_by           TEXT NOT NULL,
    superseded_by         BIGINT REFERENCES region_packages(id),
    as_of                 TEXT NOT NULL,
    actual                DOUBLE PRECISION NOT NULL,
    expected              DOUBLE PRECISION NOT NULL,
    milestones            BIGINT NOT NULL,
    completed             BIGINT NOT NULL,
    behind                BIGINT NOT NULL,
    projects              BIGINT NOT NULL,
    -- Amounts in hundredths of a 万元, as the registry keeps them.
    total_investment      BIGINT NOT NULL,
    fund_central          BIGINT NOT NULL,
    fund_province         BIGINT NOT NULL,
    fund_city             BIGINT NOT NULL,
    fund_county           BIGINT NOT NULL,
    fund_own              BIGINT NOT NULL,
    completed_before_year BIGINT NOT NULL,
    planned_this_year     BIGINT NOT NULL,
    completed_this_year   BIGINT NOT NULL,
    -- The package's report.json, as signed.
    report_json           TEXT NOT NULL
);
CREATE INDEX region_packages_current ON region_packages (period) WHERE superseded_by IS NULL;
CREATE UNIQUE INDEX region_packages_one_current ON region_packages (county_id, period) WHERE superseded_by IS NULL;

-- Roll-ups as reported: pillar × phase, with '' for "all" on either side.
CREATE TABLE region_rollups (
    package_id  BIGINT NOT NULL REFERENCES region_packages(id) ON DELETE CASCADE,
    pillar      TEXT NOT NULL,
    phase       TEXT NOT NULL,
    actual      DOUBLE PRECISION NOT NULL,
    expected    DOUBLE PRECISION NOT NULL,
    milestones  BIGINT NOT NULL,
    completed   BIGINT NOT NULL,
    PRIMARY KEY (package_id, pillar, phase)
);

-- Each package's projects as its provincial sheet lists them, for the drill-down and the merged sheet.
CREATE TABLE region_projects (
    package_id            BIGINT NOT NULL REFERENCES region_packages(id) ON DELETE CASCADE,
    seq                   BIGINT NOT NULL,
    code                  TEXT,
    name                  TEXT NOT NULL,
    unit                  TEXT NOT NULL,
    location              TEXT NOT NULL,
    construction          TEXT NOT NULL,
    pillar                TEXT,
    content               TEXT NOT NULL,
    start_year            INTEGER NOT NULL,
    end_year              INTEGER NOT NULL,
    total_investment      BIGINT NOT NULL,
    fund_central          BIGINT NOT NULL,
    fund_province         BIGINT NOT NULL,
    fund_city             BIGINT NOT NULL,
    fund_county           BIGINT NOT NULL,
    fund_own              BIGINT NOT NULL,
    completed_before_year BIGINT NOT NULL,
    planned_this_year     BIGINT NOT NULL,
    completed_this_year   BIGINT NOT NULL,
    visible_progress      TEXT NOT NULL,
    problems              TEXT NOT NULL,
    contact_name          TEXT NOT NULL,
    contact_phone         TEXT NOT NULL,
    PRIMARY KEY (package_id, seq)
);
