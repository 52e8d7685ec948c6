-- 0036 The registry of issued papers (issue 18 item 6): every PDF motcua hands out as an
-- official paper — the receipt (Mẫu 01), the notices and forms of a dossier, its result, and
-- later their signed versions — is recorded with the SHA-256 of its bytes, so the public
-- verification page (/kiem-tra) can say whether a file was issued, by which unit and when.
-- A paper is never rewritten: when its content changes (a corrected result, a new
-- appointment) the new bytes are a new version and the old row gets replaced_by, so a paper
-- printed from the old version is still recognised and shown as replaced. token is the
-- random part of the verification link printed in the paper's QR code (one per version).
-- issued_by is the officer for the audit trail; the public page never shows it.
CREATE TABLE issued_docs (
    id {{ID}},
    token TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    kind TEXT NOT NULL,
    doc_name TEXT NOT NULL,
    dossier_id BIGINT REFERENCES dossiers(id),
    dossier_code TEXT NOT NULL,
    procedure_code TEXT,
    unit_id BIGINT REFERENCES org_units(id),
    unit_name TEXT NOT NULL,
    issued_by_id BIGINT REFERENCES users(id),
    issued_by TEXT NOT NULL,
    issued_at BIGINT NOT NULL,
    version INTEGER NOT NULL,
    replaced_by BIGINT REFERENCES issued_docs(id),
    UNIQUE (dossier_code, kind, version)
);
CREATE INDEX issued_docs_sha ON issued_docs(sha256);
