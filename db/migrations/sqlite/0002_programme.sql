-- The Koploper programme (domain.md §8, issue 6). Keep in step with sqlserver/0002_programme.sql.
-- A gemeente that merged into another keeps its programme history; it is shown under the name it merged into.
ALTER TABLE municipalities ADD COLUMN merged_into_id INTEGER NULL REFERENCES municipalities (id);

-- Lichtingen. Sizes and dates are data: what the sources say, never invented.
CREATE TABLE programme_cohorts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    starts_on TEXT NULL,
    intended_size INTEGER NULL,
    description TEXT NULL,
    is_demo INTEGER NOT NULL DEFAULT 0,
    CHECK (intended_size IS NULL OR intended_size > 0)
);

-- A participant is one gemeente or a region of gemeenten joining as one. cohort_id NULL = lichting onbekend;
-- cohort_note keeps what the source does say ("lichting 1 of 2").
CREATE TABLE programme_participants (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    cohort_id INTEGER NULL REFERENCES programme_cohorts (id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    starts_on TEXT NULL,
    ends_on TEXT NULL,
    contact_person TEXT NULL,
    project_leader TEXT NULL,
    cohort_note TEXT NULL,
    source TEXT NULL,
    is_demo INTEGER NOT NULL DEFAULT 0,
    created_at_utc TEXT NOT NULL,
    CHECK (kind IN ('Gemeente', 'Regio')),
    CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
);

-- The gemeenten a participant covers. cohort_id copies the participant's cohort so the database itself keeps a
-- gemeente to one participation per cohort; the participant's handler updates both in one transaction.
CREATE TABLE programme_participant_members (
    participant_id INTEGER NOT NULL REFERENCES programme_participants (id),
    municipality_id INTEGER NOT NULL REFERENCES municipalities (id),
    cohort_id INTEGER NULL REFERENCES programme_cohorts (id),
    PRIMARY KEY (participant_id, municipality_id)
);
CREATE UNIQUE INDEX ux_programme_members_once_per_cohort ON programme_participant_members (cohort_id, municipality_id)
    WHERE cohort_id IS NOT NULL;
CREATE INDEX ix_programme_members_municipality ON programme_participant_members (municipality_id);

-- Ambassadors: a participant's role toward a set of target gemeenten, and the contacts with each of them.
CREATE TABLE programme_ambassadors (
    participant_id INTEGER NOT NULL PRIMARY KEY REFERENCES programme_participants (id),
    since_on TEXT NULL,
    created_at_utc TEXT NOT NULL
);

CREATE TABLE ambassador_targets (
    participant_id INTEGER NOT NULL REFERENCES programme_ambassadors (participant_id),
    municipality_id INTEGER NOT NULL REFERENCES municipalities (id),
    added_at_utc TEXT NOT NULL,
    PRIMARY KEY (participant_id, municipality_id)
);
CREATE INDEX ix_ambassador_targets_municipality ON ambassador_targets (municipality_id);

CREATE TABLE outreach_contacts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    participant_id INTEGER NOT NULL REFERENCES programme_participants (id),
    municipality_id INTEGER NOT NULL REFERENCES municipalities (id),
    contacted_on TEXT NOT NULL,
    form TEXT NOT NULL,
    contacted_by TEXT NOT NULL,
    outcome TEXT NOT NULL,
    next_step TEXT NULL,
    recorded_by_user_id INTEGER NOT NULL REFERENCES users (id),
    recorded_at_utc TEXT NOT NULL,
    CHECK (form IN ('Overleg', 'Telefoon', 'E-mail', 'Regiobijeenkomst'))
);
CREATE INDEX ix_outreach_contacts_target ON outreach_contacts (municipality_id, contacted_on);

-- Progress: themes with a status, activities with their form of resident involvement, milestones.
CREATE TABLE participant_themes (
    participant_id INTEGER NOT NULL REFERENCES programme_participants (id),
    theme TEXT NOT NULL,
    status TEXT NOT NULL,
    note TEXT NULL,
    updated_at_utc TEXT NOT NULL,
    PRIMARY KEY (participant_id, theme),
    CHECK (theme IN ('Vindbaarheid', 'Aanbod', 'KwaliteitDeskundigheid', 'Onafhankelijkheid', 'InwonersBetrekken')),
    CHECK (status IN ('NietGestart', 'Bezig', 'Gerealiseerd'))
);

CREATE TABLE participant_activities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    participant_id INTEGER NOT NULL REFERENCES programme_participants (id),
    title TEXT NOT NULL,
    description TEXT NULL,
    theme TEXT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NULL,
    involvement_form TEXT NOT NULL,
    method TEXT NOT NULL,
    created_at_utc TEXT NOT NULL,
    CHECK (involvement_form IN ('Peilend', 'Verdiepend', 'Structureel')),
    CHECK (method IN ('Vragenlijst', 'Straatinterviews', 'Ervaringenkaart', 'Klantreis', 'DiepteInterviews',
                      'Storytelling', 'Klankbordgroep', 'Klantenpanel', 'Dialoogtafel', 'Adviesraad')),
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);

CREATE TABLE participant_milestones (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    participant_id INTEGER NOT NULL REFERENCES programme_participants (id),
    title TEXT NOT NULL,
    due_on TEXT NOT NULL,
    reached_on TEXT NULL,
    created_at_utc TEXT NOT NULL
);

-- The seven points of the Ieder(in) checklist, scored 0–3 per measurement date.
CREATE TABLE checklist_measurements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    participant_id INTEGER NOT NULL REFERENCES programme_participants (id),
    measured_on TEXT NOT NULL,
    recorded_by_user_id INTEGER NOT NULL REFERENCES users (id),
    recorded_at_utc TEXT NOT NULL,
    UNIQUE (participant_id, measured_on)
);

CREATE TABLE checklist_scores (
    measurement_id INTEGER NOT NULL REFERENCES checklist_measurements (id),
    point TEXT NOT NULL,
    score INTEGER NOT NULL,
    remark TEXT NULL,
    PRIMARY KEY (measurement_id, point),
    CHECK (point IN ('Vindbaar', 'Onafhankelijk', 'Gratis', 'Levensbreed', 'Deskundig', 'VrijeKeuze', 'AlleStappen')),
    CHECK (score BETWEEN 0 AND 3)
);

-- Programme budget: money made available to a participant (e.g. VWS from 1 June 2019) against its spending.
CREATE TABLE participant_budget_allocations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    participant_id INTEGER NOT NULL REFERENCES programme_participants (id),
    amount_cents INTEGER NOT NULL,
    available_from TEXT NOT NULL,
    source TEXT NOT NULL,
    recorded_by_user_id INTEGER NOT NULL REFERENCES users (id),
    recorded_at_utc TEXT NOT NULL,
    CHECK (amount_cents > 0)
);

CREATE TABLE participant_spendings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    participant_id INTEGER NOT NULL REFERENCES programme_participants (id),
    spent_on TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    description TEXT NOT NULL,
    recorded_by_user_id INTEGER NOT NULL REFERENCES users (id),
    recorded_at_utc TEXT NOT NULL,
    CHECK (amount_cents > 0)
);
CREATE INDEX ix_participant_spendings ON participant_spendings (participant_id);
