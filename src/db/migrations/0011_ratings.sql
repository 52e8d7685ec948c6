-- 0011 ratings, feedback and postal return: what happens after a dossier is handled. The
-- applicant rates the handling once (online, or on a tablet at the counter); anyone with a
-- citizen account sends feedback (phản ánh, kiến nghị) that must be answered within 15
-- working days (Decision 766, indicator 5.2); and a result sent back by post keeps the
-- record of its handover to the postal operator (Decision 45/2016). See docs/ratings.md.

-- One rating per dossier, given after the result was returned. indicators is a JSON object
-- of the Circular 01/2018 Art. 13 items the citizen scores (contacts, bodies, information,
-- attitude), each 0, 1 or 2; items the citizen skipped are absent.
CREATE TABLE dossier_ratings (
    id {{ID}},
    dossier_id BIGINT NOT NULL UNIQUE REFERENCES dossiers(id),
    overall TEXT NOT NULL CHECK (overall IN ('satisfied', 'neutral', 'dissatisfied')),
    indicators TEXT NOT NULL,
    comment TEXT,
    channel TEXT NOT NULL CHECK (channel IN ('online', 'counter')),
    recorded_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL
);

-- Feedback. unit_id is the receiving unit of the dossier it is about (NULL when it is about
-- no dossier): it decides which leaders see it. due_at is 15 working days after created_at.
CREATE TABLE feedback (
    id {{ID}},
    user_id BIGINT NOT NULL REFERENCES users(id),
    procedure_code TEXT,
    dossier_code TEXT,
    unit_id BIGINT REFERENCES org_units(id),
    category TEXT NOT NULL CHECK (category IN ('policy', 'staff_conduct', 'other')),
    text TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    due_at BIGINT NOT NULL,
    answered_at BIGINT,
    answer TEXT,
    answered_by BIGINT REFERENCES users(id)
);
CREATE INDEX feedback_due ON feedback(due_at);
CREATE INDEX feedback_user ON feedback(user_id, id);

-- The handover of a result to the postal operator (biên bản bàn giao, Decision 45/2016):
-- who carries it, the tracking number, and when it was handed over. Once per dossier.
CREATE TABLE postal_handovers (
    id {{ID}},
    dossier_id BIGINT NOT NULL UNIQUE REFERENCES dossiers(id),
    operator TEXT NOT NULL,
    tracking_number TEXT NOT NULL,
    handed_over_at BIGINT NOT NULL,
    recorded_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL
);
