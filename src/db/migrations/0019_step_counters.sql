-- 0019 step counters: Circular 01/2018 Art. 13 indicator 2 (each body's time on its steps)
-- kept as counters, like stats_daily, so that the evaluation and the dashboard no longer read
-- the period's dossiers. A sibling of stats_daily rather than three more columns of it: the
-- indicator is reported per acting unit (the unit of the step, which may lie outside the
-- receiving unit's tree) as well as per receiving unit, so the key carries both. One row per
-- receiving unit, acting unit, procedure, channel and local (Vietnam) day on which the step
-- finished; see docs/statistics.md.
CREATE TABLE stats_steps_daily (
    unit_id BIGINT NOT NULL REFERENCES org_units(id),
    step_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    procedure_code TEXT NOT NULL,
    channel TEXT NOT NULL,
    day TEXT NOT NULL,
    early INTEGER NOT NULL DEFAULT 0,
    on_time INTEGER NOT NULL DEFAULT 0,
    late INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, step_unit_id, procedure_code, channel, day)
);
-- Reports read a period's rows summed per receiving and acting unit: a covering index, so the
-- read is one contiguous range of index pages rather than a table page per row (the rows of
-- a day are written years apart by a generated history or a rebuild).
CREATE INDEX stats_steps_daily_day
    ON stats_steps_daily(day, unit_id, step_unit_id, early, on_time, late);

-- The steps finished before this migration, counted as `motcua stats rebuild` would count
-- them (the local day is UTC+7, Vietnam has no daylight saving), so an upgraded database
-- grades indicator 2 at once.
-- sqlite:begin
INSERT INTO stats_steps_daily (unit_id, step_unit_id, procedure_code, channel, day, early,
                               on_time, late)
SELECT d.receiving_unit_id, s.unit_id, d.procedure_code, d.channel,
       date(s.finished_at + 25200, 'unixepoch'),
       SUM(CASE WHEN s.timing = 'early' THEN 1 ELSE 0 END),
       SUM(CASE WHEN s.timing = 'on_time' THEN 1 ELSE 0 END),
       SUM(CASE WHEN s.timing NOT IN ('early', 'on_time') THEN 1 ELSE 0 END)
FROM dossier_steps s JOIN dossiers d ON d.id = s.dossier_id
WHERE s.timing IS NOT NULL AND s.unit_id IS NOT NULL AND s.finished_at IS NOT NULL
GROUP BY d.receiving_unit_id, s.unit_id, d.procedure_code, d.channel,
         date(s.finished_at + 25200, 'unixepoch');
-- sqlite:end
-- postgres:begin
INSERT INTO stats_steps_daily (unit_id, step_unit_id, procedure_code, channel, day, early,
                               on_time, late)
SELECT d.receiving_unit_id, s.unit_id, d.procedure_code, d.channel,
       to_char(to_timestamp(s.finished_at + 25200) AT TIME ZONE 'UTC', 'YYYY-MM-DD'),
       SUM(CASE WHEN s.timing = 'early' THEN 1 ELSE 0 END),
       SUM(CASE WHEN s.timing = 'on_time' THEN 1 ELSE 0 END),
       SUM(CASE WHEN s.timing NOT IN ('early', 'on_time') THEN 1 ELSE 0 END)
FROM dossier_steps s JOIN dossiers d ON d.id = s.dossier_id
WHERE s.timing IS NOT NULL AND s.unit_id IS NOT NULL AND s.finished_at IS NOT NULL
GROUP BY d.receiving_unit_id, s.unit_id, d.procedure_code, d.channel,
         to_char(to_timestamp(s.finished_at + 25200) AT TIME ZONE 'UTC', 'YYYY-MM-DD');
-- postgres:end
