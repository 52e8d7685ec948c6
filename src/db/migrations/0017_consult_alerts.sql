-- 0017 consultation alerts: the deadline job also warns the consulted unit before the answer
-- to a consultation (0012) is due and once it is overdue (docs/jobs.md). As for dossier_alerts,
-- a row records that a warning was sent, once per kind and due moment, so running the job twice
-- or on two instances never warns twice.
CREATE TABLE consult_alerts (
    consultation_id BIGINT NOT NULL REFERENCES dossier_consultations(id),
    kind TEXT NOT NULL CHECK (kind IN ('consult_due_soon', 'consult_overdue')),
    due_at BIGINT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (consultation_id, kind, due_at)
);

-- The deadline job reads open consultations by due moment up to a horizon.
CREATE INDEX dossier_consultations_due ON dossier_consultations(due_at) WHERE answered_at IS NULL;
