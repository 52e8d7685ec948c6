-- 0021 calendar: stored copies of the shipped years that were wrong (DOMAIN §4.5, issue #13).
-- The shipped calendar (data/calendar/official.json) is compiled into the binary and read
-- afresh by every instance, so upgrading the binary corrects 2023, 2025 and 2026 wherever the
-- database holds no row for them. A row of calendar_years overrides the shipped year; rows
-- for these years written from the old file (`motcua calendar import` of an older tree, or a
-- year pasted on /desk/lich) would keep the wrong days for good. They are recognised by what
-- no notice ever said, and removed so that the corrected shipped year applies:
-- 2025: Saturday 08/02/2025 worked (Taiwan's 2025 swap, not Vietnam's);
-- 2026: 03/09/2026 off (the holidays are 01 and 02/09, 03/09 is a working day);
-- 2023: the `uncertain` flags of the first file (the year is confirmed, the days unchanged).
-- A row an admin wrote from the notices themselves has none of these and stays.
DELETE FROM calendar_years WHERE year = 2025 AND body LIKE '%"2025-02-08"%';
DELETE FROM calendar_years WHERE year = 2026 AND body LIKE '%"2026-09-03"%';
DELETE FROM calendar_years WHERE year = 2023 AND body LIKE '%"uncertain":true%';
