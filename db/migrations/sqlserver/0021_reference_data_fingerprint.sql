-- The fingerprint of the reference data (the embedded files and the code that loads them) last loaded: a start whose
-- fingerprint matches skips the load, which rewrote every gemeente row at each start (issue 16, cold start ≤ 2 s).
CREATE TABLE reference_data_state (
    id int NOT NULL PRIMARY KEY CHECK (id = 1),
    fingerprint char(64) NOT NULL
);
