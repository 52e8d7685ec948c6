-- 0026 the reason a step was finished late: an officer who completes a step past its own due
-- time says why (issue 14 item 15); the leader's late list, the dossier's steps and the
-- apology letter (Mẫu 04) show it. NULL for steps finished on time and for older steps.
ALTER TABLE dossier_steps ADD COLUMN late_reason TEXT;
