-- 0008 online: citizens who register themselves, and dossiers they prepare online. A
-- self-registered account stays inactive until the person proves they hold the phone or
-- e-mail address with a one-time code; a draft is a dossier being filled in over several
-- visits, turned into a submitted dossier when the citizen sends it.

-- One-time codes. Only an argon2id hash of the code is kept; a code is dead once used, after
-- max attempts, or past expires_at. A new code for the same account replaces the old ones
-- (they are marked used), so at most one is alive.
CREATE TABLE verification_codes (
    id {{ID}},
    user_id BIGINT NOT NULL REFERENCES users(id),
    purpose TEXT NOT NULL CHECK (purpose IN ('signup')),
    channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX verification_codes_user ON verification_codes(user_id, purpose, id);

-- Drafts of online dossiers. data is the JSON object the citizen has filled in so far
-- (docs/online.md); dossier_code is set when the draft was submitted, after which it is
-- read-only and a repeated submit answers with the same dossier.
CREATE TABLE drafts (
    id {{ID}},
    user_id BIGINT NOT NULL REFERENCES users(id),
    procedure_code TEXT NOT NULL,
    unit_key TEXT,
    data TEXT NOT NULL,
    dossier_code TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX drafts_user ON drafts(user_id, updated_at);
