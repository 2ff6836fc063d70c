-- 代办 the informant did at the station for farmers who came in, logged from the phone;
-- each entry's services are also in service_records (and the roll-ups), like requests done.
CREATE TABLE service_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    station_code TEXT NOT NULL REFERENCES stations (code),
    informant_id INTEGER NOT NULL REFERENCES users (id),
    item         TEXT NOT NULL,
    times        INTEGER NOT NULL,
    served_on    DATE NOT NULL,
    note         TEXT NOT NULL,
    logged_at    TIMESTAMP NOT NULL
);
CREATE INDEX service_log_informant ON service_log (informant_id, id);
