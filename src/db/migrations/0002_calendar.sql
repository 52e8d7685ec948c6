-- 0002 calendar: the official working-time calendar per year and office hours per unit.
-- A year row holds the same JSON object as one entry of "years" in
-- data/calendar/official.json (see docs/calendar.md); it overrides the shipped year. The
-- version grows with every change so that each server instance notices an edit made by
-- another and recompiles its calendar.
CREATE TABLE calendar_years (
    year INTEGER PRIMARY KEY,
    body TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL
);

-- Office hours of a unit as JSON: {"work":[["07:00","11:00"],["13:00","17:00"]],
-- "reception":{"mon":[…],…,"sat":[["07:00","11:00"]]},"same_day_cutoff":"15:00"}.
-- Units without a row use the default (07:00–11:00, 13:00–17:00, Monday–Friday).
CREATE TABLE office_hours (
    unit_id BIGINT PRIMARY KEY REFERENCES org_units(id),
    body TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
