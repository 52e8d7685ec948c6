-- 0006 jobs: the background work that must survive restarts and run once across many server
-- instances. A lease row says which instance runs a job now; alerts record which deadline
-- warnings were already sent, so a job that runs twice (or on two instances) never warns
-- twice; the outbox is the one queue of messages, written in the same transaction as the
-- state change that causes them and delivered later by channel.

-- One row per job name. An instance runs a job only while lease_until is in the future and
-- holder is itself; an expired lease may be taken by anyone (see docs/jobs.md).
CREATE TABLE job_leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    lease_until BIGINT NOT NULL
);

-- Warnings already raised. step_index is -1 for alerts about the dossier as a whole; due_at
-- is the due moment the alert was about, so a new appointment (an apology) or a restarted
-- clock (a supplement) gets warnings of its own.
CREATE TABLE dossier_alerts (
    dossier_id BIGINT NOT NULL REFERENCES dossiers(id),
    kind TEXT NOT NULL CHECK (kind IN ('step_due_soon', 'step_overdue', 'due_soon', 'overdue',
                                       'propose_apology')),
    step_index INTEGER NOT NULL,
    due_at BIGINT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (dossier_id, kind, step_index, due_at)
);

-- The deadline job reads open dossiers by due moment: state = 'processing' AND step_due_at
-- up to a horizon (this index) or due_at up to a horizon (dossiers_due from 0004).
CREATE INDEX dossiers_step_due ON dossiers(state, step_due_at);

-- Messages to people. channel 'internal' is the desk's own notification list (delivered
-- when written); 'email' and 'sms' are queued for a delivery job. recipient is the address
-- on that channel (the username for internal messages); payload is a JSON object for the
-- template named by event.
CREATE TABLE outbox (
    id {{ID}},
    channel TEXT NOT NULL CHECK (channel IN ('internal', 'email', 'sms')),
    recipient TEXT NOT NULL,
    event TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'delivered', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    dossier_id BIGINT REFERENCES dossiers(id),
    user_id BIGINT REFERENCES users(id)
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_user ON outbox(user_id, channel, id);
