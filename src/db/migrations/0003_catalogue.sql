-- 0003 catalogue: the procedures (thủ tục hành chính) the portal publishes, their immutable
-- versions, and the org units that receive and resolve each one. See docs/catalogue.md.

-- A procedure is its national code; everything else lives in its versions. latest_version
-- is the highest version_no written (the one an editor must name to publish the next).
-- A procedure is retired (bãi bỏ), never deleted: dossiers keep pointing at its versions.
CREATE TABLE procedures (
    id {{ID}},
    code TEXT NOT NULL UNIQUE,
    latest_version INTEGER NOT NULL,
    retired_at BIGINT,
    created_at BIGINT NOT NULL
);

-- A version is written once and never updated. The version in force on a day is the one
-- with the highest version_no among those whose effective_from is on or before that day.
-- body is the canonical JSON document; the columns beside it are copies of its fields that
-- search and filters need, plus the folded search text and the ICU collation key (bytes,
-- compared as bytes by both engines), all computed in C.
CREATE TABLE procedure_versions (
    id {{ID}},
    procedure_id BIGINT NOT NULL REFERENCES procedures(id),
    version_no INTEGER NOT NULL,
    effective_from TEXT NOT NULL,
    name TEXT NOT NULL,
    field TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
    online_mode TEXT NOT NULL CHECK (online_mode IN ('full', 'partial', 'none')),
    verified INTEGER NOT NULL,
    search_fold TEXT NOT NULL,
    sort_key {{BLOB}} NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    UNIQUE (procedure_id, version_no)
);
CREATE INDEX procedure_versions_in_force
    ON procedure_versions(procedure_id, effective_from, version_no);

-- Which units receive a procedure's dossiers (the one-stop counter) and which resolve them.
CREATE TABLE procedure_units (
    procedure_id BIGINT NOT NULL REFERENCES procedures(id),
    unit_id BIGINT NOT NULL REFERENCES org_units(id),
    role TEXT NOT NULL CHECK (role IN ('receive', 'resolve')),
    PRIMARY KEY (procedure_id, unit_id, role)
);
CREATE INDEX procedure_units_unit ON procedure_units(unit_id);
