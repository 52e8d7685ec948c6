-- 0020 monthly roll-up of the statistics counters: the rows of stats_daily and
-- stats_steps_daily summed per month, written by the same statements in the same transaction
-- as the day rows (stats_add, stats_step_add). A report reads the whole months of its period
-- here and only the partial months at its edges from the day rows, so its cost stops growing
-- with how densely the days are filled (at most 31 day rows per cell become one). Keys as in
-- 0007 and 0019 with the local (Vietnam) month `YYYY-MM` instead of the day; see
-- docs/statistics.md.
CREATE TABLE stats_monthly (
    unit_id BIGINT NOT NULL REFERENCES org_units(id),
    procedure_code TEXT NOT NULL,
    channel TEXT NOT NULL,
    month TEXT NOT NULL,
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
    fully_digitised INTEGER NOT NULL DEFAULT 0,
    rated INTEGER NOT NULL DEFAULT 0,
    satisfied INTEGER NOT NULL DEFAULT 0,
    neutral INTEGER NOT NULL DEFAULT 0,
    dissatisfied INTEGER NOT NULL DEFAULT 0,
    contacts_n INTEGER NOT NULL DEFAULT 0,
    contacts_sum INTEGER NOT NULL DEFAULT 0,
    bodies_n INTEGER NOT NULL DEFAULT 0,
    bodies_sum INTEGER NOT NULL DEFAULT 0,
    information_n INTEGER NOT NULL DEFAULT 0,
    information_sum INTEGER NOT NULL DEFAULT 0,
    attitude_n INTEGER NOT NULL DEFAULT 0,
    attitude_sum INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, procedure_code, channel, month)
);
CREATE INDEX stats_monthly_month ON stats_monthly(month);

CREATE TABLE stats_steps_monthly (
    unit_id BIGINT NOT NULL REFERENCES org_units(id),
    step_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    procedure_code TEXT NOT NULL,
    channel TEXT NOT NULL,
    month TEXT NOT NULL,
    early INTEGER NOT NULL DEFAULT 0,
    on_time INTEGER NOT NULL DEFAULT 0,
    late INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, step_unit_id, procedure_code, channel, month)
);
-- Covering, as stats_steps_daily_day (0019).
CREATE INDEX stats_steps_monthly_month
    ON stats_steps_monthly(month, unit_id, step_unit_id, early, on_time, late);

-- The months already counted, summed from their day rows, so an upgraded database needs no
-- rebuild.
INSERT INTO stats_monthly (unit_id, procedure_code, channel, month, received, online, accepted,
                           refused, supplements, resolved_early, resolved_on_time, resolved_late,
                           returned, stopped, withdrawn, digitised, e_result, fully_digitised,
                           rated, satisfied, neutral, dissatisfied, contacts_n, contacts_sum,
                           bodies_n, bodies_sum, information_n, information_sum, attitude_n,
                           attitude_sum)
SELECT unit_id, procedure_code, channel, SUBSTR(day, 1, 7), SUM(received), SUM(online),
       SUM(accepted), SUM(refused), SUM(supplements), SUM(resolved_early),
       SUM(resolved_on_time), SUM(resolved_late), SUM(returned), SUM(stopped), SUM(withdrawn),
       SUM(digitised), SUM(e_result), SUM(fully_digitised), SUM(rated), SUM(satisfied),
       SUM(neutral), SUM(dissatisfied), SUM(contacts_n), SUM(contacts_sum), SUM(bodies_n),
       SUM(bodies_sum), SUM(information_n), SUM(information_sum), SUM(attitude_n),
       SUM(attitude_sum)
FROM stats_daily
GROUP BY unit_id, procedure_code, channel, SUBSTR(day, 1, 7);

INSERT INTO stats_steps_monthly (unit_id, step_unit_id, procedure_code, channel, month, early,
                                 on_time, late)
SELECT unit_id, step_unit_id, procedure_code, channel, SUBSTR(day, 1, 7), SUM(early),
       SUM(on_time), SUM(late)
FROM stats_steps_daily
GROUP BY unit_id, step_unit_id, procedure_code, channel, SUBSTR(day, 1, 7);
