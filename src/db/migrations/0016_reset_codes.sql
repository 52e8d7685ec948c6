-- 0016 reset codes: a one-time code now serves two purposes, opening an account ('signup')
-- and resetting a forgotten password ('reset'). Each is spent only for its own purpose, so a
-- reset code can never verify (or re-register) an account and a signup code never resets a
-- password. SQLite cannot change a CHECK in place: the table is copied.
-- sqlite:begin
CREATE TABLE verification_codes_new (
    id {{ID}},
    user_id BIGINT NOT NULL REFERENCES users(id),
    purpose TEXT NOT NULL CHECK (purpose IN ('signup', 'reset')),
    channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    created_at BIGINT NOT NULL
);
INSERT INTO verification_codes_new (id, user_id, purpose, channel, recipient, code_hash,
                                    attempts, expires_at, used_at, created_at)
    SELECT id, user_id, purpose, channel, recipient, code_hash, attempts, expires_at, used_at,
           created_at FROM verification_codes;
DROP TABLE verification_codes;
ALTER TABLE verification_codes_new RENAME TO verification_codes;
CREATE INDEX verification_codes_user ON verification_codes(user_id, purpose, id);
-- sqlite:end
-- postgres:begin
ALTER TABLE verification_codes DROP CONSTRAINT verification_codes_purpose_check;
ALTER TABLE verification_codes ADD CONSTRAINT verification_codes_purpose_check
    CHECK (purpose IN ('signup', 'reset'));
-- postgres:end
