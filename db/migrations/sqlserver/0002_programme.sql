-- The Koploper programme (domain.md §8, issue 6). Keep in step with sqlite/0002_programme.sql.
-- A gemeente that merged into another keeps its programme history; it is shown under the name it merged into.
ALTER TABLE municipalities ADD merged_into_id int NULL REFERENCES municipalities (id);

-- Lichtingen. Sizes and dates are data: what the sources say, never invented.
CREATE TABLE programme_cohorts (
    id int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    name nvarchar(100) NOT NULL UNIQUE,
    starts_on date NULL,
    intended_size int NULL,
    description nvarchar(1000) NULL,
    is_demo bit NOT NULL DEFAULT 0,
    CHECK (intended_size IS NULL OR intended_size > 0)
);

-- A participant is one gemeente or a region of gemeenten joining as one. cohort_id NULL = lichting onbekend;
-- cohort_note keeps what the source does say ("lichting 1 of 2").
CREATE TABLE programme_participants (
    id int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    cohort_id int NULL REFERENCES programme_cohorts (id),
    kind nvarchar(30) NOT NULL,
    name nvarchar(200) NOT NULL,
    starts_on date NULL,
    ends_on date NULL,
    contact_person nvarchar(200) NULL,
    project_leader nvarchar(200) NULL,
    cohort_note nvarchar(400) NULL,
    source nvarchar(1000) NULL,
    is_demo bit NOT NULL DEFAULT 0,
    created_at_utc datetime2(6) NOT NULL,
    CHECK (kind IN ('Gemeente', 'Regio')),
    CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
);

-- The gemeenten a participant covers. cohort_id copies the participant's cohort so the database itself keeps a
-- gemeente to one participation per cohort; the participant's handler updates both in one transaction.
CREATE TABLE programme_participant_members (
    participant_id int NOT NULL REFERENCES programme_participants (id),
    municipality_id int NOT NULL REFERENCES municipalities (id),
    cohort_id int NULL REFERENCES programme_cohorts (id),
    PRIMARY KEY (participant_id, municipality_id)
);
CREATE UNIQUE INDEX ux_programme_members_once_per_cohort ON programme_participant_members (cohort_id, municipality_id)
    WHERE cohort_id IS NOT NULL;
CREATE INDEX ix_programme_members_municipality ON programme_participant_members (municipality_id);

-- Ambassadors: a participant's role toward a set of target gemeenten, and the contacts with each of them.
CREATE TABLE programme_ambassadors (
    participant_id int NOT NULL PRIMARY KEY REFERENCES programme_participants (id),
    since_on date NULL,
    created_at_utc datetime2(6) NOT NULL
);

CREATE TABLE ambassador_targets (
    participant_id int NOT NULL REFERENCES programme_ambassadors (participant_id),
    municipality_id int NOT NULL REFERENCES municipalities (id),
    added_at_utc datetime2(6) NOT NULL,
    PRIMARY KEY (participant_id, municipality_id)
);
CREATE INDEX ix_ambassador_targets_municipality ON ambassador_targets (municipality_id);

CREATE TABLE outreach_contacts (
    id int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    participant_id int NOT NULL REFERENCES programme_participants (id),
    municipality_id int NOT NULL REFERENCES municipalities (id),
    contacted_on date NOT NULL,
    form nvarchar(30) NOT NULL,
    contacted_by nvarchar(200) NOT NULL,
    outcome nvarchar(1000) NOT NULL,
    next_step nvarchar(1000) NULL,
    recorded_by_user_id int NOT NULL REFERENCES users (id),
    recorded_at_utc datetime2(6) NOT NULL,
    CHECK (form IN ('Overleg', 'Telefoon', 'E-mail', 'Regiobijeenkomst'))
);
CREATE INDEX ix_outreach_contacts_target ON outreach_contacts (municipality_id, contacted_on);

-- Progress: themes with a status, activities with their form of resident involvement, milestones.
CREATE TABLE participant_themes (
    participant_id int NOT NULL REFERENCES programme_participants (id),
    theme nvarchar(30) NOT NULL,
    status nvarchar(30) NOT NULL,
    note nvarchar(1000) NULL,
    updated_at_utc datetime2(6) NOT NULL,
    PRIMARY KEY (participant_id, theme),
    CHECK (theme IN ('Vindbaarheid', 'Aanbod', 'KwaliteitDeskundigheid', 'Onafhankelijkheid', 'InwonersBetrekken')),
    CHECK (status IN ('NietGestart', 'Bezig', 'Gerealiseerd'))
);

CREATE TABLE participant_activities (
    id int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    participant_id int NOT NULL REFERENCES programme_participants (id),
    title nvarchar(200) NOT NULL,
    description nvarchar(1000) NULL,
    theme nvarchar(30) NULL,
    starts_on date NOT NULL,
    ends_on date NULL,
    involvement_form nvarchar(30) NOT NULL,
    method nvarchar(30) NOT NULL,
    created_at_utc datetime2(6) NOT NULL,
    CHECK (involvement_form IN ('Peilend', 'Verdiepend', 'Structureel')),
    CHECK (method IN ('Vragenlijst', 'Straatinterviews', 'Ervaringenkaart', 'Klantreis', 'DiepteInterviews',
                      'Storytelling', 'Klankbordgroep', 'Klantenpanel', 'Dialoogtafel', 'Adviesraad')),
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);

CREATE TABLE participant_milestones (
    id int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    participant_id int NOT NULL REFERENCES programme_participants (id),
    title nvarchar(200) NOT NULL,
    due_on date NOT NULL,
    reached_on date NULL,
    created_at_utc datetime2(6) NOT NULL
);

-- The seven points of the Ieder(in) checklist, scored 0–3 per measurement date.
CREATE TABLE checklist_measurements (
    id int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    participant_id int NOT NULL REFERENCES programme_participants (id),
    measured_on date NOT NULL,
    recorded_by_user_id int NOT NULL REFERENCES users (id),
    recorded_at_utc datetime2(6) NOT NULL,
    UNIQUE (participant_id, measured_on)
);

CREATE TABLE checklist_scores (
    measurement_id int NOT NULL REFERENCES checklist_measurements (id),
    point nvarchar(30) NOT NULL,
    score int NOT NULL,
    remark nvarchar(1000) NULL,
    PRIMARY KEY (measurement_id, point),
    CHECK (point IN ('Vindbaar', 'Onafhankelijk', 'Gratis', 'Levensbreed', 'Deskundig', 'VrijeKeuze', 'AlleStappen')),
    CHECK (score BETWEEN 0 AND 3)
);

-- Programme budget: money made available to a participant (e.g. VWS from 1 June 2019) against its spending.
CREATE TABLE participant_budget_allocations (
    id int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    participant_id int NOT NULL REFERENCES programme_participants (id),
    amount_cents bigint NOT NULL,
    available_from date NOT NULL,
    source nvarchar(1000) NOT NULL,
    recorded_by_user_id int NOT NULL REFERENCES users (id),
    recorded_at_utc datetime2(6) NOT NULL,
    CHECK (amount_cents > 0)
);

CREATE TABLE participant_spendings (
    id int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    participant_id int NOT NULL REFERENCES programme_participants (id),
    spent_on date NOT NULL,
    amount_cents bigint NOT NULL,
    description nvarchar(1000) NOT NULL,
    recorded_by_user_id int NOT NULL REFERENCES users (id),
    recorded_at_utc datetime2(6) NOT NULL,
    CHECK (amount_cents > 0)
);
CREATE INDEX ix_participant_spendings ON participant_spendings (participant_id);
