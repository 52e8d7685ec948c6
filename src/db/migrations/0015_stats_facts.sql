-- 0015 statistics facts: counters for what migration 0007 left at zero or had no column for.
-- A resolved dossier counts as digitised when component files were attached before its
-- resolution, as having an electronic result when a result file was, and fully digitised
-- when both (Decision 766 indicator 4.2); a citizen's rating counts on the day it is given,
-- with the Circular 01/2018 Art. 13 items it scored (number of scores and their sum, so an
-- average is sum ÷ number). See docs/statistics.md.
ALTER TABLE stats_daily ADD COLUMN fully_digitised INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_daily ADD COLUMN rated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_daily ADD COLUMN satisfied INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_daily ADD COLUMN neutral INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_daily ADD COLUMN dissatisfied INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_daily ADD COLUMN contacts_n INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_daily ADD COLUMN contacts_sum INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_daily ADD COLUMN bodies_n INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_daily ADD COLUMN bodies_sum INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_daily ADD COLUMN information_n INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_daily ADD COLUMN information_sum INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_daily ADD COLUMN attitude_n INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_daily ADD COLUMN attitude_sum INTEGER NOT NULL DEFAULT 0;
