-- 0004 dossiers: what the one-stop desk receives and the departments process. A dossier is
-- recorded at reception (accepted, asked to supplement, or refused) and then moves through
-- the steps of the procedure version it was received under. Every transition is an event; the
-- steps keep their own due times and timing for the control sheet (Mẫu 05) and indicator 2.

-- The daily sequence of dossier codes per receiving unit. The row is updated inside the
-- recording transaction, so a code is issued only when the dossier is stored: no gaps, and
-- two instances recording at once conflict here and one retries.
CREATE TABLE dossier_day_seq (
    unit_id BIGINT NOT NULL REFERENCES org_units(id),
    day TEXT NOT NULL,
    last_seq INTEGER NOT NULL,
    PRIMARY KEY (unit_id, day)
);

CREATE TABLE dossiers (
    id {{ID}},
    code TEXT NOT NULL UNIQUE,
    procedure_version_id BIGINT NOT NULL REFERENCES procedure_versions(id),
    procedure_code TEXT NOT NULL,
    procedure_name TEXT NOT NULL,
    receiving_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    state TEXT NOT NULL,
    national_status INTEGER NOT NULL,
    version INTEGER NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('counter', 'online', 'post')),
    return_method TEXT NOT NULL CHECK (return_method IN ('counter', 'online', 'post')),
    applicant_kind TEXT NOT NULL CHECK (applicant_kind IN ('person', 'organisation')),
    applicant_name TEXT NOT NULL,
    applicant_fold TEXT NOT NULL,
    applicant_id TEXT,
    applicant_birth TEXT,
    applicant_phone TEXT,
    applicant_email TEXT,
    applicant_address TEXT,
    applicant_user_id BIGINT REFERENCES users(id),
    sets INTEGER NOT NULL,
    fee_total BIGINT NOT NULL,
    limit_unit TEXT NOT NULL,
    limit_value INTEGER NOT NULL,
    received_at BIGINT NOT NULL,
    accepted_at BIGINT,
    clock_start BIGINT,
    first_due_at BIGINT,
    due_at BIGINT,
    extended INTEGER NOT NULL DEFAULT 0,
    supplements INTEGER NOT NULL DEFAULT 0,
    step_index INTEGER NOT NULL DEFAULT 0,
    step_unit_id BIGINT REFERENCES org_units(id),
    step_role TEXT,
    step_due_at BIGINT,
    assignee_id BIGINT REFERENCES users(id),
    result_kind TEXT,
    reason TEXT,
    finished_at BIGINT,
    returned_at BIGINT,
    created_by BIGINT REFERENCES users(id),
    updated_at BIGINT NOT NULL
);
CREATE INDEX dossiers_inbox ON dossiers(step_unit_id, step_due_at);
CREATE INDEX dossiers_due ON dossiers(state, due_at);
CREATE INDEX dossiers_receiving ON dossiers(receiving_unit_id, received_at);
CREATE INDEX dossiers_applicant_fold ON dossiers(applicant_fold);
CREATE INDEX dossiers_applicant_id ON dossiers(applicant_id);
CREATE INDEX dossiers_applicant_phone ON dossiers(applicant_phone);
CREATE INDEX dossiers_applicant_user ON dossiers(applicant_user_id);

-- The checklist ticked at reception: what the procedure asks for and what was handed in.
CREATE TABLE dossier_components (
    dossier_id BIGINT NOT NULL REFERENCES dossiers(id),
    idx INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    required_count INTEGER NOT NULL,
    received_count INTEGER NOT NULL,
    PRIMARY KEY (dossier_id, idx)
);

-- The steps of the dossier's process, with the unit and role that act, the budget, and when
-- each started, was due and finished (the control sheet, Mẫu 05).
CREATE TABLE dossier_steps (
    dossier_id BIGINT NOT NULL REFERENCES dossiers(id),
    idx INTEGER NOT NULL,
    role TEXT NOT NULL,
    unit_id BIGINT REFERENCES org_units(id),
    actor_label TEXT NOT NULL,
    budget_seconds BIGINT NOT NULL,
    started_at BIGINT,
    due_at BIGINT,
    finished_at BIGINT,
    finished_by BIGINT REFERENCES users(id),
    timing TEXT,
    PRIMARY KEY (dossier_id, idx)
);

CREATE TABLE dossier_events (
    id {{ID}},
    dossier_id BIGINT NOT NULL REFERENCES dossiers(id),
    at BIGINT NOT NULL,
    actor_id BIGINT REFERENCES users(id),
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    from_unit_id BIGINT REFERENCES org_units(id),
    to_unit_id BIGINT REFERENCES org_units(id),
    step_index INTEGER NOT NULL,
    timing TEXT,
    note TEXT
);
CREATE INDEX dossier_events_dossier ON dossier_events(dossier_id, id);

-- Every supplement cycle, at reception or during appraisal, so that both the restart rule
-- (Decree 61 Art. 19(4)) and the Decision 766 subtraction can be applied.
CREATE TABLE dossier_supplements (
    id {{ID}},
    dossier_id BIGINT NOT NULL REFERENCES dossiers(id),
    stage TEXT NOT NULL CHECK (stage IN ('reception', 'appraisal')),
    requested_at BIGINT NOT NULL,
    items TEXT NOT NULL,
    reason TEXT,
    completed_at BIGINT
);
CREATE INDEX dossier_supplements_dossier ON dossier_supplements(dossier_id);
