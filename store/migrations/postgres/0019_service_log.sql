-- 代办 the informant did at the station for farmers who came in, logged from the phone;
-- each entry's services are also in service_records (and the roll-ups), like requests done.
CREATE TABLE service_log (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    station_code TEXT COLLATE "C" NOT NULL REFERENCES stations (code),
    informant_id BIGINT NOT NULL REFERENCES users (id),
    item         TEXT NOT NULL,
    times        INTEGER NOT NULL,
    served_on    DATE NOT NULL,
    note         TEXT NOT NULL,
    logged_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX service_log_informant ON service_log (informant_id, id);
