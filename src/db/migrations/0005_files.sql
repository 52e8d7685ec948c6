-- 0005 files: scans of the components handed in at the counter and the results of a dossier.
-- The bytes live on disk, content-addressed by SHA-256 under the files directory
-- (<files_dir>/ab/cd/<sha256>, see docs/files.md); the database knows each stored content
-- once (files) and every place a dossier uses it (dossier_files). A row in files is written
-- only after its bytes are on disk and synced, so no row ever points at a missing file.

-- One row per distinct content. mime is what libmagic sniffed, never what the client said.
CREATE TABLE files (
    sha256 TEXT PRIMARY KEY,
    size BIGINT NOT NULL,
    mime TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- A content attached to a dossier: the scan of one checklist component (digitised = 1) or
-- the result. name is the client's file name (basename, NFC, length-limited): metadata for
-- the download's Content-Disposition only, never part of a path. reused = 1 when the content
-- was already stored when this row was written.
CREATE TABLE dossier_files (
    id {{ID}},
    dossier_id BIGINT NOT NULL REFERENCES dossiers(id),
    sha256 TEXT NOT NULL REFERENCES files(sha256),
    kind TEXT NOT NULL CHECK (kind IN ('component', 'result')),
    component_idx INTEGER,
    name TEXT NOT NULL,
    uploaded_by BIGINT REFERENCES users(id),
    uploaded_at BIGINT NOT NULL,
    digitised INTEGER NOT NULL,
    reused INTEGER NOT NULL DEFAULT 0,
    CHECK ((kind = 'component') = (component_idx IS NOT NULL))
);
CREATE INDEX dossier_files_dossier ON dossier_files(dossier_id);
-- The same content in the same place twice is one attachment (a retried upload attaches
-- nothing new); results have no component, hence the COALESCE.
CREATE UNIQUE INDEX dossier_files_place
    ON dossier_files(dossier_id, sha256, kind, COALESCE(component_idx, -1));
