-- quotewire archive, PostgreSQL: statements (one extraction per article), articles, full-text index.
-- Tables go into the connection's search_path (the store sets it to the configured schema).
-- *_f columns hold case-folded copies of filter fields (folded in Python, the same as SQLite).

CREATE TABLE articles (
    article_id   text PRIMARY KEY,
    revision     integer NOT NULL,
    title        text,
    source       text,
    source_f     text,
    url          text,
    author       text,
    language     text,
    published_at timestamptz,
    ingested_at  timestamptz,
    sort_time    timestamptz NOT NULL,     -- published_at, else ingested_at, else archived_at
    body         text NOT NULL,
    meta         jsonb NOT NULL,           -- the article event without its body
    archived_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX articles_sort_time ON articles (sort_time, article_id);

-- The current extraction of each article (see streams/archive/replacement.py).
-- extraction_id '' marks a floor left by a new article revision that has no statements yet.
CREATE TABLE extractions (
    article_id        text PRIMARY KEY,
    article_revision  integer NOT NULL,
    extraction_id     text NOT NULL,
    extractor_version text NOT NULL,
    extracted_at      timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE statements (
    statement_id           text PRIMARY KEY,
    article_id             text NOT NULL,
    article_revision       integer NOT NULL,
    extraction_id          text NOT NULL,
    extractor_version      text NOT NULL,
    extracted_at           timestamptz NOT NULL,
    position               integer NOT NULL,
    kind                   text NOT NULL,
    content                text NOT NULL,
    speaker_name           text,
    speaker_id             text,
    speaker_type           text,
    speaker_title          text,
    speaker_organization   text,
    speaker_country        text,
    speaker_name_f         text,
    speaker_id_f           text,
    speaker_title_f        text,
    speaker_organization_f text,
    speaker_country_f      text,
    source                 text,
    source_f               text,
    article_title          text,
    url                    text,
    published_at           timestamptz,
    sort_time              timestamptz NOT NULL,  -- published_at, else extracted_at
    confidence             real,
    event                  jsonb NOT NULL,        -- the statement event as received
    archived_at            timestamptz NOT NULL DEFAULT now(),
    content_tsv            tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, content)) STORED
);
CREATE INDEX statements_article    ON statements (article_id, extraction_id);
CREATE INDEX statements_sort_time  ON statements (sort_time DESC);
CREATE INDEX statements_speaker_id ON statements (speaker_id_f, sort_time DESC);
CREATE INDEX statements_speaker    ON statements (speaker_name_f, sort_time DESC);
CREATE INDEX statements_country    ON statements (speaker_country_f, sort_time DESC);
CREATE INDEX statements_source     ON statements (source_f, sort_time DESC);
CREATE INDEX statements_kind       ON statements (kind, sort_time DESC);
CREATE INDEX statements_content_tsv ON statements USING gin (content_tsv);
