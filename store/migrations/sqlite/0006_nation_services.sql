-- The nation's services by month and kind are kept as the row of region '' (the nation),
-- summed from its provinces' rows at every refresh: summing them for each national answer
-- was most of that answer's reading. It replaces the index that sum used.
DROP INDEX coverage_services_months;
INSERT INTO coverage_services (region_code, month, kind, records)
SELECT '', month, kind, SUM(records) FROM coverage_services
WHERE length(region_code) = 2 GROUP BY month, kind;
