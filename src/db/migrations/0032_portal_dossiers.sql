-- 0032 national portal (docs/national-portal.md): the dossiers that came from Cổng DVCQG. The
-- portal knows a dossier by its own code (MaHoSo, "G22.99-…"), so every message about it goes
-- back under that code; the VNeID flag is the portal's word (Decision 766 indicator 4.5). A
-- dossier received twice from the same partner is refused by the unique key.
CREATE TABLE portal_dossiers (
    dossier_id BIGINT PRIMARY KEY REFERENCES dossiers(id),
    partner TEXT NOT NULL,
    portal_code TEXT NOT NULL,
    vneid_verified INTEGER NOT NULL DEFAULT 0,
    submitted_at BIGINT NOT NULL,
    UNIQUE (partner, portal_code)
);

-- The appointment before and after each supplement cycle (DanhSachHoSoBoSung NgayHenTraTruoc,
-- NgayHenTraMoi), noted by the portal hook when the cycle opens and when it closes: the
-- dossier itself keeps only its current appointment.
CREATE TABLE portal_supplement_dues (
    supplement_id BIGINT PRIMARY KEY REFERENCES dossier_supplements(id),
    due_before BIGINT NOT NULL,
    due_after BIGINT NOT NULL DEFAULT 0
);
