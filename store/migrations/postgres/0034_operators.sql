-- 运营商: a county's contract with an operator account: its period, duties (JSON list of
-- codes) and the townships whose stations it serves. A replacement ends it early
-- (`ended_on`, `end_reason`) and names the successor's contract, which serves the same
-- townships from that day.
CREATE TABLE operator_contracts (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    county_code  TEXT COLLATE "C" NOT NULL REFERENCES regions (code),
    operator_id  BIGINT NOT NULL REFERENCES users (id),
    starts_on    DATE NOT NULL,
    ends_on      DATE NOT NULL,
    duties       TEXT NOT NULL,
    signed_by    BIGINT NOT NULL REFERENCES users (id),
    signed_at    TIMESTAMPTZ NOT NULL,
    ended_on     DATE,
    end_reason   TEXT,
    successor_id BIGINT REFERENCES operator_contracts (id)
);
CREATE INDEX operator_contracts_county ON operator_contracts (county_code, id);
CREATE INDEX operator_contracts_operator ON operator_contracts (operator_id, id);
CREATE TABLE contract_townships (
    contract_id   BIGINT NOT NULL REFERENCES operator_contracts (id),
    township_code TEXT COLLATE "C" NOT NULL REFERENCES regions (code),
    PRIMARY KEY (contract_id, township_code)
);
CREATE INDEX contract_townships_township ON contract_townships (township_code);

-- 整改: what the county tells an operator to correct, by when.
CREATE TABLE correction_notices (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    contract_id BIGINT NOT NULL REFERENCES operator_contracts (id),
    problem     TEXT NOT NULL,
    correct_by  DATE NOT NULL,
    issued_by   BIGINT NOT NULL REFERENCES users (id),
    issued_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX correction_notices_contract ON correction_notices (contract_id, id);
-- The operator's answers to a notice, checked by the county as every submission is
-- (status, review_note, decided_by, decided_at); `region_code` is the county.
CREATE TABLE correction_reports (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    notice_id   BIGINT NOT NULL REFERENCES correction_notices (id),
    region_code TEXT COLLATE "C" NOT NULL REFERENCES regions (code),
    done        TEXT NOT NULL,
    status      TEXT NOT NULL,
    sent_by     BIGINT NOT NULL REFERENCES users (id),
    sent_at     TIMESTAMPTZ NOT NULL,
    decided_by  BIGINT REFERENCES users (id),
    decided_at  TIMESTAMPTZ,
    review_note TEXT
);
CREATE INDEX correction_reports_notice ON correction_reports (notice_id, id);
CREATE INDEX correction_reports_region ON correction_reports (status, region_code, sent_at);
CREATE INDEX correction_reports_sender ON correction_reports (sent_by);

-- 投诉: a farmer's complaint about a station, looked into by the county as every
-- submission is decided (approved: found true); `region_code` is the station's village.
CREATE TABLE station_complaints (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    station_code TEXT COLLATE "C" NOT NULL REFERENCES stations (code),
    region_code  TEXT COLLATE "C" NOT NULL REFERENCES regions (code),
    text         TEXT NOT NULL,
    status       TEXT NOT NULL,
    sent_by      BIGINT NOT NULL REFERENCES users (id),
    sent_at      TIMESTAMPTZ NOT NULL,
    decided_by   BIGINT REFERENCES users (id),
    decided_at   TIMESTAMPTZ,
    review_note  TEXT
);
CREATE INDEX station_complaints_region ON station_complaints (status, region_code, sent_at);
CREATE INDEX station_complaints_sender ON station_complaints (sent_by);
