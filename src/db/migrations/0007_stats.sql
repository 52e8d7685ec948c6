-- 0007 statistics: counters kept in the same transaction as every dossier event, so that
-- dashboards and reports read a table whose size grows with units × procedures × channels ×
-- days, never with the number of dossiers. One row per receiving unit, procedure, channel
-- and local (Vietnam) day of the event; see docs/statistics.md for what each column counts.
CREATE TABLE stats_daily (
    unit_id BIGINT NOT NULL REFERENCES org_units(id),
    procedure_code TEXT NOT NULL,
    channel TEXT NOT NULL,
    day TEXT NOT NULL,
    received INTEGER NOT NULL DEFAULT 0,
    online INTEGER NOT NULL DEFAULT 0,
    accepted INTEGER NOT NULL DEFAULT 0,
    refused INTEGER NOT NULL DEFAULT 0,
    supplements INTEGER NOT NULL DEFAULT 0,
    resolved_early INTEGER NOT NULL DEFAULT 0,
    resolved_on_time INTEGER NOT NULL DEFAULT 0,
    resolved_late INTEGER NOT NULL DEFAULT 0,
    returned INTEGER NOT NULL DEFAULT 0,
    stopped INTEGER NOT NULL DEFAULT 0,
    withdrawn INTEGER NOT NULL DEFAULT 0,
    digitised INTEGER NOT NULL DEFAULT 0,
    e_result INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, procedure_code, channel, day)
);
CREATE INDEX stats_daily_day ON stats_daily(day);

-- The drill-down from a number to its dossiers: resolved ones by when they were resolved.
CREATE INDEX dossiers_finished ON dossiers(receiving_unit_id, finished_at);
