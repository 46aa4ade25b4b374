-- The *_f columns now fold diacritics as well as case ("Jenča" -> "jenca"), as alert queries do
-- (streams/textfold.py). SQL cannot fold that way, so the store recomputes the columns of every
-- existing row in Python right after this file, in the same transaction (streams/archive/refold.py).
COMMENT ON COLUMN statements.speaker_name_f IS 'speaker_name folded by streams/textfold.py (case and diacritics)';
