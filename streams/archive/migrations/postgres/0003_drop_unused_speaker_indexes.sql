-- Drop the two speaker indexes: no query can use them, and each cost every write a B-tree insert. The
-- speaker filter is "speaker_id_f = %s OR speaker_name_f LIKE '%name%'", an OR with a substring match,
-- which no btree serves (the plan scans statements_sort_time), and the stats group by an expression.
-- A later query that needs one adds it back in a new migration.
DROP INDEX IF EXISTS statements_speaker_id;
DROP INDEX IF EXISTS statements_speaker;
