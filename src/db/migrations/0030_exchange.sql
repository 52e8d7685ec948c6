-- 0030 the exchange layer (docs/exchange.md): messages between motcua and other systems.
-- exchange_out is the outbox of messages to partners, written in the transaction of the change
-- that causes them and delivered at least once, in order per (partner, object_key): a message
-- is sent only when no earlier one of its object is still queued or failed. idem_key is sent
-- to the partner so that it can apply a message once; it is unique per partner, so a caller
-- that queues the same key twice gets one message. State: queued (not yet acknowledged; a
-- claim moves next_attempt_at past the send's timeout), acked, failed (refused for good,
-- blocks its object until an operator resends or skips it), skipped (given up by an
-- operator: note says why). Partners, their URLs and credentials are configuration, never rows.
CREATE TABLE exchange_out (
    id {{ID}},
    partner TEXT NOT NULL,
    object_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'acked', 'failed', 'skipped')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_attempt_at BIGINT NOT NULL DEFAULT 0,
    last_error TEXT,
    note TEXT,
    created_at BIGINT NOT NULL,
    acked_at BIGINT NOT NULL DEFAULT 0,
    dossier_id BIGINT REFERENCES dossiers(id),
    UNIQUE (partner, idem_key)
);
-- The head of each object's queue, and the due messages of a partner.
CREATE INDEX exchange_out_object ON exchange_out(partner, object_key, id);
CREATE INDEX exchange_out_due ON exchange_out(partner, state, next_attempt_at);

-- Inbound messages already applied, by the partner's key: a duplicate is answered from here
-- and changes nothing. Written in the transaction that applies the message.
CREATE TABLE exchange_in (
    partner TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    answer TEXT,
    dossier_id BIGINT REFERENCES dossiers(id),
    received_at BIGINT NOT NULL,
    PRIMARY KEY (partner, idem_key)
);
