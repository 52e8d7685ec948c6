-- 0025 the place name (địa danh) of an organisation unit: the name printed before the date
-- of every document the unit issues ("Giồng Riềng, ngày 29 tháng 4 năm 2027", Decree
-- 30/2020/NĐ-CP). Units without one take their nearest ancestor's, so it is set on the
-- People's Committees and inherited by their departments and one-stop sections. Existing
-- committees get the name that follows their title; a later import or edit may change it.
ALTER TABLE org_units ADD COLUMN place TEXT;

UPDATE org_units SET place = substr(name, 22)
    WHERE place IS NULL AND name LIKE 'Ủy ban nhân dân tỉnh %';
UPDATE org_units SET place = substr(name, 23)
    WHERE place IS NULL AND name LIKE 'Ủy ban nhân dân huyện %';
UPDATE org_units SET place = substr(name, 22)
    WHERE place IS NULL AND name LIKE 'Ủy ban nhân dân quận %';
UPDATE org_units SET place = substr(name, 24)
    WHERE place IS NULL AND name LIKE 'Ủy ban nhân dân thị xã %';
UPDATE org_units SET place = substr(name, 27)
    WHERE place IS NULL AND name LIKE 'Ủy ban nhân dân thành phố %';
UPDATE org_units SET place = substr(name, 26)
    WHERE place IS NULL AND name LIKE 'Ủy ban nhân dân thị trấn %';
UPDATE org_units SET place = substr(name, 24)
    WHERE place IS NULL AND name LIKE 'Ủy ban nhân dân phường %';
UPDATE org_units SET place = substr(name, 20)
    WHERE place IS NULL AND name LIKE 'Ủy ban nhân dân xã %';
