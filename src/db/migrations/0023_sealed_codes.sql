-- 0023 sealed codes: a one-time code no longer rests in the outbox (docs/notifications.md).
-- Until its message is delivered the code is kept sealed (XSalsa20-Poly1305 under a key held
-- outside the database) beside its hash; the outbox row only names the code row. Messages
-- written before carried the code in their payload: they are redacted here, and those still
-- waiting fail (the person asks for a new code, as after any expired one).
ALTER TABLE verification_codes ADD COLUMN code_sealed TEXT;
UPDATE outbox SET status = 'failed',
    last_error = 'Mã cũ đã được xóa khỏi hộp thư đi khi nâng cấp; người dân hãy yêu cầu mã mới'
    WHERE event IN ('citizen.verify_code', 'citizen.reset_code') AND status = 'queued';
UPDATE outbox SET payload = '{"redacted":true,"subject":"Mã dùng một lần (đã xóa)","text":"Mã dùng một lần (đã xóa)"}'
    WHERE event IN ('citizen.verify_code', 'citizen.reset_code');
