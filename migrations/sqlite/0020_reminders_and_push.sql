-- Chasing counties that have not sent their 上报 package (issue 19), through the same channels
-- and queue as unit reminders, packages pushed over HTTPS
-- with a token, and the evidence files a package may carry (SQLite).
-- Keep in step with ../postgres/0020_reminders_and_push.sql.
--
-- A channel now belongs to a unit or to a registered county. unit_channels is rebuilt because
-- SQLite cannot drop a NOT NULL in place; dropping it cascades to the queued deliveries, so they
-- are kept aside and put back (as in 0007).
CREATE TEMP TABLE kept_deliveries AS SELECT * FROM deliveries;

CREATE TABLE unit_or_county_channels (
    id         INTEGER PRIMARY KEY,
    unit_id    BIGINT REFERENCES units(id) ON DELETE CASCADE,
    county_id  BIGINT REFERENCES region_counties(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('dingtalk', 'wecom', 'feishu', 'email')),
    -- A robot's webhook URL, or an e-mail channel's recipients (comma-separated).
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL DEFAULT '',
    enabled    BOOLEAN NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    CHECK ((unit_id IS NULL) <> (county_id IS NULL))
);
INSERT INTO unit_or_county_channels (id, unit_id, kind, url, secret, enabled, created_at)
    SELECT id, unit_id, kind, url, secret, enabled, created_at FROM unit_channels;
DROP TABLE unit_channels;
ALTER TABLE unit_or_county_channels RENAME TO unit_channels;
CREATE INDEX unit_channels_unit ON unit_channels (unit_id);
CREATE INDEX unit_channels_county ON unit_channels (county_id);
INSERT INTO deliveries SELECT * FROM kept_deliveries;
DROP TABLE kept_deliveries;

-- Every 催报 a county was sent for a month, by a person (their login) or by the schedule ('').
CREATE TABLE region_reminders (
    id        INTEGER PRIMARY KEY,
    county_id BIGINT NOT NULL REFERENCES region_counties(id) ON DELETE CASCADE,
    period    TEXT NOT NULL,
    sent_at   BIGINT NOT NULL,
    sent_by   TEXT NOT NULL
);
CREATE INDEX region_reminders_period ON region_reminders (period, county_id);

-- The day of the following month by which counties send a month's package.
INSERT INTO settings (key, value) VALUES ('region.due_day', '5');

-- Pushing packages over HTTPS. Upstream, each county may have a push token; only its SHA-256 is
-- kept, and a push must carry the token of the county whose package it is.
ALTER TABLE region_counties ADD COLUMN push_token_sha256 TEXT;
CREATE UNIQUE INDEX region_counties_push_token ON region_counties (push_token_sha256);
-- At the county, where its packages are pushed and the token upstream gave it.
ALTER TABLE package_identity ADD COLUMN push_url TEXT;
ALTER TABLE package_identity ADD COLUMN push_token TEXT;

-- Evidence files (佐证材料) a package carried, kept with it as it came: a package is a snapshot
-- of the county's month, and so are its files.
CREATE TABLE region_evidence (
    id            INTEGER PRIMARY KEY,
    package_id    BIGINT NOT NULL REFERENCES region_packages(id) ON DELETE CASCADE,
    path          TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    about         TEXT NOT NULL,
    subject       TEXT NOT NULL,
    reported_on   TEXT NOT NULL,
    content       BLOB NOT NULL
);
CREATE INDEX region_evidence_package ON region_evidence (package_id);
