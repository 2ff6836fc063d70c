-- 代办 and 代购: a farmer's request to a station, and every step it went through.
CREATE TABLE service_requests (
    id           INTEGER PRIMARY KEY,
    station_code TEXT NOT NULL REFERENCES stations (code),
    farmer_id    INTEGER NOT NULL REFERENCES users (id),
    item         TEXT NOT NULL,
    details      TEXT NOT NULL,
    status       TEXT NOT NULL
);
-- A farmer's own requests, newest first; a station's queue by status, oldest first. A
-- station's code starts with its region's, so a region's queue is a range of this index.
CREATE INDEX service_requests_farmer ON service_requests (farmer_id, id);
CREATE INDEX service_requests_station ON service_requests (station_code, status, id);

CREATE TABLE service_request_steps (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES service_requests (id),
    status     TEXT NOT NULL,
    reason     TEXT,
    actor_id   INTEGER REFERENCES users (id),
    at         TIMESTAMP NOT NULL
);
CREATE INDEX service_request_steps_request ON service_request_steps (request_id, id);
