-- 0010 payments: the fees and charges of a dossier (from the catalogue's fee lines of the
-- procedure version it was received under) as a payment request, paid at the counter with a
-- receipt number or online through the VNPAY gateway; and every notification (IPN) the
-- gateway sent, kept for audit and to recognise a replayed one (docs/payments.md).

-- A payment request. txn_ref is the order reference sent to the gateway (vnp_TxnRef); it is
-- random so that a guessed reference finds nothing. At most one request of a dossier is
-- pending at a time (the partial unique index), so a second one cannot be paid twice.
CREATE TABLE payment_requests (
    id {{ID}},
    dossier_id BIGINT NOT NULL REFERENCES dossiers(id),
    amount BIGINT NOT NULL CHECK (amount > 0),
    lines TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'cancelled')),
    method TEXT CHECK (method IN ('counter', 'vnpay')),
    txn_ref TEXT NOT NULL UNIQUE,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    paid_at BIGINT,
    paid_by BIGINT REFERENCES users(id),
    receipt_no TEXT,
    gateway_txn_no TEXT,
    bank_code TEXT
);
CREATE INDEX payment_requests_dossier ON payment_requests(dossier_id, id);
CREATE UNIQUE INDEX payment_requests_one_pending ON payment_requests(dossier_id)
    WHERE status = 'pending';

-- Every IPN received, whatever it said and whatever was answered. params_hash is the SHA-256
-- of the signed parameter string with its signature, so an IPN sent again byte for byte is
-- recognised; outcome is what it did (paid, failed, replay, bad_signature, unknown_order,
-- bad_amount, already_paid) and rsp_code what the gateway was told.
CREATE TABLE payment_events (
    id {{ID}},
    request_id BIGINT REFERENCES payment_requests(id),
    txn_ref TEXT,
    params_hash TEXT NOT NULL,
    response_code TEXT,
    transaction_status TEXT,
    outcome TEXT NOT NULL,
    rsp_code TEXT NOT NULL,
    client_ip TEXT,
    received_at BIGINT NOT NULL
);
CREATE INDEX payment_events_hash ON payment_events(params_hash);
CREATE INDEX payment_events_request ON payment_events(request_id, id);
