-- quotewire archive, SQLite: statements (one extraction per article), articles, full-text index.
-- Times are fixed-width UTC text (2024-10-01T12:00:00.000000Z) so they compare as times.
-- *_f columns hold case-folded copies of filter fields (folded in Python: SQLite's lower() is ASCII-only).

CREATE TABLE articles (
    article_id   TEXT PRIMARY KEY,
    revision     INTEGER NOT NULL,
    title        TEXT,
    source       TEXT,
    source_f     TEXT,
    url          TEXT,
    author       TEXT,
    language     TEXT,
    published_at TEXT,
    ingested_at  TEXT,
    sort_time    TEXT NOT NULL,            -- published_at, else ingested_at, else archived_at
    body         TEXT NOT NULL,
    meta         TEXT NOT NULL,            -- the article event without its body, JSON
    archived_at  TEXT NOT NULL
);
CREATE INDEX articles_sort_time ON articles (sort_time, article_id);

-- The current extraction of each article (see streams/archive/replacement.py).
-- extraction_id '' marks a floor left by a new article revision that has no statements yet.
CREATE TABLE extractions (
    article_id        TEXT PRIMARY KEY,
    article_revision  INTEGER NOT NULL,
    extraction_id     TEXT NOT NULL,
    extractor_version TEXT NOT NULL,
    extracted_at      TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);

CREATE TABLE statements (
    id                     INTEGER PRIMARY KEY,  -- stable rowid for the FTS index
    statement_id           TEXT NOT NULL UNIQUE,
    article_id             TEXT NOT NULL,
    article_revision       INTEGER NOT NULL,
    extraction_id          TEXT NOT NULL,
    extractor_version      TEXT NOT NULL,
    extracted_at           TEXT NOT NULL,
    position               INTEGER NOT NULL,
    kind                   TEXT NOT NULL,
    content                TEXT NOT NULL,
    speaker_name           TEXT,
    speaker_id             TEXT,
    speaker_type           TEXT,
    speaker_title          TEXT,
    speaker_organization   TEXT,
    speaker_country        TEXT,
    speaker_name_f         TEXT,
    speaker_id_f           TEXT,
    speaker_title_f        TEXT,
    speaker_organization_f TEXT,
    speaker_country_f      TEXT,
    source                 TEXT,
    source_f               TEXT,
    article_title          TEXT,
    url                    TEXT,
    published_at           TEXT,
    sort_time              TEXT NOT NULL,        -- published_at, else extracted_at
    confidence             REAL,
    event                  TEXT NOT NULL,        -- the statement event, JSON, as received
    archived_at            TEXT NOT NULL
);
CREATE INDEX statements_article    ON statements (article_id, extraction_id);
CREATE INDEX statements_sort_time  ON statements (sort_time);
CREATE INDEX statements_speaker_id ON statements (speaker_id_f, sort_time);
CREATE INDEX statements_speaker    ON statements (speaker_name_f, sort_time);
CREATE INDEX statements_country    ON statements (speaker_country_f, sort_time);
CREATE INDEX statements_source     ON statements (source_f, sort_time);
CREATE INDEX statements_kind       ON statements (kind, sort_time);

-- External-content FTS5 index over statements.content, kept in step by triggers.
CREATE VIRTUAL TABLE statements_fts USING fts5(
    content,
    content = 'statements',
    content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN
    INSERT INTO statements_fts (rowid, content) VALUES (new.id, new.content);
END;

CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements BEGIN
    INSERT INTO statements_fts (statements_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;

CREATE TRIGGER statements_fts_update AFTER UPDATE OF content ON statements
WHEN old.content IS NOT new.content BEGIN
    INSERT INTO statements_fts (statements_fts, rowid, content) VALUES ('delete', old.id, old.content);
    INSERT INTO statements_fts (rowid, content) VALUES (new.id, new.content);
END;
