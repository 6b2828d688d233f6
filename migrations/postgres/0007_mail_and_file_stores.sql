-- E-mail as a unit channel, evidence files whose bytes live outside the database, photo
-- thumbnails, and items taken out of a round
-- (PostgreSQL). Keep in step with ../sqlite/0007_mail_and_file_stores.sql.

-- A robot's webhook URL, or an e-mail channel's recipients (comma-separated), in `url`.
ALTER TABLE unit_channels DROP CONSTRAINT unit_channels_kind_check;
ALTER TABLE unit_channels ADD CONSTRAINT unit_channels_kind_check
    CHECK (kind IN ('dingtalk', 'wecom', 'feishu', 'email'));

-- Where a file's bytes are: in `content` ('db'), or in the directory or object store the server
-- is set up with ('objects', named by the SHA-256; `content` is then empty). Each file is read
-- from where it was put, so changing the setting later loses nothing already stored.
ALTER TABLE file_blobs ADD COLUMN stored TEXT NOT NULL DEFAULT 'db' CHECK (stored IN ('db', 'objects'));

-- A small JPEG preview of a photo, made when it is uploaded (always here, wherever the bytes are).
ALTER TABLE file_blobs ADD COLUMN thumbnail BYTEA;

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
