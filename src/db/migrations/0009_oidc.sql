-- 0009 oidc: logging in through an OpenID Connect identity provider (VNeID-backed national
-- login, see docs/oidc.md).

-- Logins under way: between the redirect to the provider and its answer. The state is the
-- key (only its SHA-256 is kept, as for sessions); the nonce and the PKCE code verifier are
-- needed again when the answer comes. A row is deleted when the answer is processed, so a
-- state is good for one answer only, and it is dead past expires_at.
CREATE TABLE oidc_logins (
    state_hash TEXT PRIMARY KEY,
    nonce TEXT NOT NULL,
    code_verifier TEXT NOT NULL,
    next_path TEXT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX oidc_logins_expires ON oidc_logins(expires_at);

-- A person known to an identity provider: the provider's issuer and its stable subject
-- identifier for them, linked to one of our accounts.
CREATE TABLE user_identities (
    id {{ID}},
    user_id BIGINT NOT NULL REFERENCES users(id),
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_login_at BIGINT NOT NULL,
    UNIQUE (issuer, subject)
);
CREATE INDEX user_identities_user ON user_identities(user_id);
