-- Farmers find their village by the start of its name anywhere in the country: a range
-- of this index.
CREATE INDEX regions_name ON regions (name, code);
-- The stations nearest a farmer: operating ones with a location, by latitude.
CREATE INDEX stations_operating_position ON stations (latitude, longitude)
    WHERE status = 'operating' AND latitude IS NOT NULL;
