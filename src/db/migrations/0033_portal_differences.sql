-- 0033 national portal reconciliation (docs/national-portal.md): the differences the last run
-- found between our dossiers of a period and the portal's TraCuuHoSo view, per partner. A run
-- replaces its partner's list; a resend marks the row (resent_at) until the next run checks it.
CREATE TABLE portal_differences (
    id {{ID}},
    partner TEXT NOT NULL,
    run_at BIGINT NOT NULL,
    dossier_id BIGINT NOT NULL REFERENCES dossiers(id),
    code TEXT NOT NULL,
    kind TEXT NOT NULL,
    field TEXT NOT NULL,
    ours TEXT NOT NULL,
    theirs TEXT NOT NULL,
    resent_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX portal_differences_partner ON portal_differences(partner, id);
