-- 0013 citizen files: what a citizen uploads online (docs/files.md, docs/online.md). The
-- components of a draft are uploaded before the dossier exists, so they wait in draft_files
-- and become the dossier's files in the submitting transaction. A file can be taken again
-- from the citizen's personal store (files of their earlier dossiers) without re-uploading:
-- reused_from names the dossier it came from. An answer to a supplement request attaches
-- its files to the dossier with the cycle they answer (supplement_id).

-- A content uploaded for component component_idx of a draft. name is the cleaned client name.
CREATE TABLE draft_files (
    id {{ID}},
    draft_id BIGINT NOT NULL REFERENCES drafts(id),
    sha256 TEXT NOT NULL REFERENCES files(sha256),
    component_idx INTEGER NOT NULL,
    name TEXT NOT NULL,
    uploaded_at BIGINT NOT NULL,
    reused_from TEXT
);
CREATE UNIQUE INDEX draft_files_place ON draft_files(draft_id, sha256, component_idx);

-- The code of the earlier dossier an attachment was taken from (NULL: uploaded), and the
-- supplement cycle an attachment answers (NULL: not an answer).
ALTER TABLE dossier_files ADD COLUMN reused_from TEXT;
ALTER TABLE dossier_files ADD COLUMN supplement_id BIGINT;
