-- Saved views (我的视图): a person's named milestone list — its filters, columns and sort, kept as
-- the list's query string — one of them, at most, opened by the navigation instead of the whole list.
-- Keep in step with ../postgres/0018_saved_views.sql.
CREATE TABLE saved_views (
    id         INTEGER PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    query      TEXT NOT NULL,
    is_default BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (user_id, name)
);

-- One default per person, enforced by the database as well as by the code that sets it.
CREATE UNIQUE INDEX saved_views_one_default ON saved_views (user_id) WHERE is_default;
