-- 0001 foundation: organisation tree, people and roles, sessions, rate limits, idempotency
-- keys and the hash-chained audit log. Instants are integer Unix seconds (UTC); calendar dates
-- are 'YYYY-MM-DD' text.

-- The organisation tree. A unit is never deleted or edited in place when it is renamed or
-- merged: the old row gets valid_to and successor_id, a new row carries the new name, so
-- history (and statistics) keep pointing at the unit as it was.
CREATE TABLE org_units (
    id {{ID}},
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    name_fold TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune', 'department',
                                         'section', 'external')),
    agency_code TEXT,
    parent_id BIGINT REFERENCES org_units(id),
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    successor_id BIGINT REFERENCES org_units(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX org_units_parent ON org_units(parent_id);

CREATE TABLE users (
    id {{ID}},
    username TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('staff', 'citizen')),
    email TEXT,
    phone TEXT,
    password_hash TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- A role is held in one org unit (its scope covers the unit's subtree); admin, auditor and
-- citizen may be held without a unit (unit_id NULL = the whole system / oneself).
CREATE TABLE user_roles (
    id {{ID}},
    user_id BIGINT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL CHECK (role IN ('receptionist', 'specialist', 'leader', 'admin',
                                       'auditor', 'citizen')),
    unit_id BIGINT REFERENCES org_units(id),
    UNIQUE (user_id, role, unit_id)
);
CREATE INDEX user_roles_user ON user_roles(user_id);

-- Sessions: only the SHA-256 of the random token is stored, so a database leak does not leak
-- live sessions.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expires ON sessions(expires_at);

-- Fixed-window counters shared by every server instance (login attempts, public lookups).
CREATE TABLE rate_limits (
    bucket TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    hits INTEGER NOT NULL
);

-- A replayed state-changing request (same key, same user) gets the stored answer.
CREATE TABLE idempotency_keys (
    idem_key TEXT NOT NULL,
    user_id BIGINT NOT NULL,
    route TEXT NOT NULL,
    status INTEGER NOT NULL,
    response TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (idem_key, user_id)
);

-- Append-only audit log. Each entry carries the SHA-256 of its own content chained to the
-- previous entry's hash; audit_head is a single row that serialises appends (two concurrent
-- writers conflict on it and one retries) so the chain never forks.
CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    at BIGINT NOT NULL,
    actor_id BIGINT,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    summary TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_object ON audit_log(object_type, object_id);

CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
