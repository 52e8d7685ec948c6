-- 0018 Zalo OA and delivery receipts: Zalo OA becomes an outbox channel of its own (a message
-- may go to one phone number by SMS and by Zalo), and a citizen chooses which channels tell
-- them about their dossiers. A gateway's delivery receipt moves a sent message on to
-- 'delivered' or 'failed' (docs/notifications.md); no new column is needed for that.
-- SQLite cannot change a CHECK in place: the outbox is copied.
-- sqlite:begin
CREATE TABLE outbox_new (
    id {{ID}},
    channel TEXT NOT NULL CHECK (channel IN ('internal', 'email', 'sms', 'zalo')),
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
INSERT INTO outbox_new (id, channel, recipient, event, payload, status, attempts,
                        next_attempt_at, last_error, created_at, dossier_id, user_id)
    SELECT id, channel, recipient, event, payload, status, attempts, next_attempt_at,
           last_error, created_at, dossier_id, user_id FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_user ON outbox(user_id, channel, id);
-- sqlite:end
-- postgres:begin
ALTER TABLE outbox DROP CONSTRAINT outbox_channel_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_channel_check
    CHECK (channel IN ('internal', 'email', 'sms', 'zalo'));
-- postgres:end

-- A citizen account's choice of channels for messages about its dossiers (1 = wanted). An
-- account without a row gets the default: e-mail and SMS, no Zalo.
CREATE TABLE notification_prefs (
    user_id BIGINT PRIMARY KEY REFERENCES users(id),
    email INTEGER NOT NULL CHECK (email IN (0, 1)),
    sms INTEGER NOT NULL CHECK (sms IN (0, 1)),
    zalo INTEGER NOT NULL CHECK (zalo IN (0, 1)),
    updated_at BIGINT NOT NULL
);
