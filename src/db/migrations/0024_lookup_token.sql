-- 0024 A secret for the public lookup. Dossier codes are sequential by law, so the code alone
-- shows only a dossier's status and appointment; the masked name and the timeline need a
-- second factor the applicant has: this token (carried by the receipt's QR code and by the
-- lookup link of every notification) or the last four digits of their CCCD or phone
-- (docs/dossiers.md). It is created at reception; existing dossiers get one here, from each
-- engine's strong random source.
ALTER TABLE dossiers ADD COLUMN lookup_token TEXT;
-- sqlite:begin
UPDATE dossiers SET lookup_token = lower(hex(randomblob(16))) WHERE lookup_token IS NULL;
-- sqlite:end
-- postgres:begin
UPDATE dossiers SET lookup_token = replace(gen_random_uuid()::text, '-', '')
    WHERE lookup_token IS NULL;
-- postgres:end
