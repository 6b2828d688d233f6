-- E-mail as a unit channel, evidence files whose bytes live outside the database, photo
-- thumbnails, and items taken out of a round (SQLite).
-- Keep in step with ../postgres/0007_mail_and_file_stores.sql.
--
-- unit_channels is rebuilt to allow the new kind: SQLite cannot change a CHECK in place.
-- Dropping it cascades to the queued deliveries, so they are kept aside and put back.
CREATE TEMP TABLE kept_deliveries AS SELECT * FROM deliveries;

CREATE TABLE unit_channels_with_email (
    id         INTEGER PRIMARY KEY,
    unit_id    BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('dingtalk', 'wecom', 'feishu', 'email')),
    -- A robot's webhook URL, or an e-mail channel's recipients (comma-separated).
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL DEFAULT '',
    enabled    BOOLEAN NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);
INSERT INTO unit_channels_with_email (id, unit_id, kind, url, secret, enabled, created_at)
    SELECT id, unit_id, kind, url, secret, enabled, created_at FROM unit_channels;
DROP TABLE unit_channels;
ALTER TABLE unit_channels_with_email RENAME TO unit_channels;
CREATE INDEX unit_channels_unit ON unit_channels (unit_id);
INSERT INTO deliveries SELECT * FROM kept_deliveries;
DROP TABLE kept_deliveries;

-- Where a file's bytes are: in `content` ('db'), or in the directory or object store the server
-- is set up with ('objects', named by the SHA-256; `content` is then empty). Each file is read
-- from where it was put, so changing the setting later loses nothing already stored.
ALTER TABLE file_blobs ADD COLUMN stored TEXT NOT NULL DEFAULT 'db' CHECK (stored IN ('db', 'objects'));

-- A small JPEG preview of a photo, made when it is uploaded (always here, wherever the bytes are).
ALTER TABLE file_blobs ADD COLUMN thumbnail BLOB;

-- Items a planner took out of one unit's part of a round (本轮无需填报): a milestone, project or
-- problem that has nothing to report this month. An item with an entry is not taken out.
CREATE TABLE round_exclusions (
    round_id    BIGINT NOT NULL REFERENCES reporting_rounds(id) ON DELETE CASCADE,
    unit_id     BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('milestone', 'project', 'answer')),
    target_id   BIGINT NOT NULL,
    excluded_by TEXT NOT NULL,
    excluded_at BIGINT NOT NULL,
    PRIMARY KEY (round_id, kind, target_id)
);
