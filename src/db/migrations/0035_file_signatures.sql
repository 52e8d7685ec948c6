-- 0035 the digital signatures of a stored PDF (issue 18 item 5, docs/signatures.md): checked
-- when the content is taken in (and again each time it is uploaded, as the trust anchors may
-- have changed), against the anchors configured then. sig_status is NULL for a content that
-- is not a PDF or was stored before this check existed, else 'unsigned', 'valid', 'invalid'
-- or 'unknown_signer'; sig_reason says why a PDF is not valid (Vietnamese, for the dossier
-- page); sig_signer is the common name of the newest signature's certificate; sig_time its
-- claimed signing time. Nothing about keys or PINs is ever stored.
ALTER TABLE files ADD COLUMN sig_status TEXT;
ALTER TABLE files ADD COLUMN sig_signer TEXT;
ALTER TABLE files ADD COLUMN sig_reason TEXT;
ALTER TABLE files ADD COLUMN sig_time BIGINT;
ALTER TABLE files ADD COLUMN sig_checked_at BIGINT;
