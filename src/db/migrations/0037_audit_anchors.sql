-- 0037 Anchors of the audit chain outside the database (issue 18 item 8). A hash chain alone
-- cannot show that its newest entries were cut off and its head row rewritten to match; an
-- anchor is the head (seq, hash) at a moment, signed with the agency's key (detached CMS,
-- base64 DER) and optionally timestamped by an RFC 3161 authority (the response, base64
-- DER), published at /api/v1/audit/anchors and /neo-nhat-ky. Once published, a copy lives
-- where the database's owner cannot reach it; `motcua audit verify --anchors` compares the
-- chain with such a copy. statement is the exact text that was signed.
CREATE TABLE audit_anchors (
    id {{ID}},
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    anchored_at BIGINT NOT NULL,
    statement TEXT NOT NULL,
    signature TEXT,
    signer TEXT,
    timestamp_token TEXT,
    tsa_time BIGINT,
    created_by TEXT NOT NULL
);
CREATE INDEX audit_anchors_at ON audit_anchors(anchored_at);
