-- 0012 consultations: the officer handling a dossier asks another unit for its opinion
-- (Decree 61/2018 Art. 19(5)). A consultation is a sub-task with its own due time in
-- working time; it does not change the dossier's state. It is open until answered, and
-- while it is open the consulted unit may read the dossier.
CREATE TABLE dossier_consultations (
    id {{ID}},
    dossier_id BIGINT NOT NULL REFERENCES dossiers(id),
    from_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    to_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    question TEXT NOT NULL,
    requested_by BIGINT REFERENCES users(id),
    requested_at BIGINT NOT NULL,
    due_at BIGINT NOT NULL,
    answered_by BIGINT REFERENCES users(id),
    answered_at BIGINT,
    answer TEXT
);
CREATE INDEX dossier_consultations_dossier ON dossier_consultations(dossier_id, id);
-- The consulted unit's inbox: open ones, due soonest first.
CREATE INDEX dossier_consultations_open ON dossier_consultations(to_unit_id, due_at)
    WHERE answered_at IS NULL;
