-- 0014 payment attempts: every trip to the VNPAY payment page gets its own order reference
-- (vnp_TxnRef), because the gateway refuses a reference it has seen, so a payer whose first
-- attempt failed or was abandoned must be able to try again. A notification names the
-- attempt; the attempt leads to the request, which is paid at most once (it must still be
-- pending). And a pending request can be cancelled by staff: who, when and why are kept.
CREATE TABLE payment_attempts (
    id {{ID}},
    request_id BIGINT NOT NULL REFERENCES payment_requests(id),
    txn_ref TEXT NOT NULL UNIQUE,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX payment_attempts_request ON payment_attempts(request_id, id);

ALTER TABLE payment_requests ADD COLUMN paid_txn_ref TEXT;
ALTER TABLE payment_requests ADD COLUMN cancelled_at BIGINT;
ALTER TABLE payment_requests ADD COLUMN cancelled_by BIGINT REFERENCES users(id);
ALTER TABLE payment_requests ADD COLUMN cancel_reason TEXT;
