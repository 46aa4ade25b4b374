-- The *_f columns now fold diacritics as well as case ("Jenča" -> "jenca"), as alert queries do
-- (streams/textfold.py), and full-text search does too: content_f holds the folded content where folding
-- changes more than case (NULL otherwise), and content_tsv is built from it. SQL cannot fold that way, so
-- the store recomputes the columns of every existing row in Python right after this file, in the same
-- transaction (streams/archive/refold.py). Idempotent, so that a test can run it again.
COMMENT ON COLUMN statements.speaker_name_f IS 'speaker_name folded by streams/textfold.py (case and diacritics)';
ALTER TABLE statements ADD COLUMN IF NOT EXISTS content_f text;
DROP INDEX IF EXISTS statements_content_tsv;
ALTER TABLE statements DROP COLUMN IF EXISTS content_tsv;
ALTER TABLE statements ADD COLUMN content_tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('english'::regconfig, coalesce(content_f, content))) STORED;
CREATE INDEX statements_content_tsv ON statements USING gin (content_tsv);
