-- Whole Place: small-number suppression for client-level figures, after ledger_to_facts.sql.
-- Reads a table `facts` holding that query's result (DuckDB: CREATE TABLE facts AS ...;
-- Spark: createOrReplaceTempView("facts"); BigQuery: a destination or temporary table).
-- A fact that names an audience (a client group) and adds up fewer than 10 ledger lines is
-- moved to "not split by audience" (audience NULL) and summed with what is already there, so
-- no total changes and no small group of people can be picked out by their spending. Change
-- the 10 to your own disclosure rule. Portable SQL for DuckDB, Spark SQL and BigQuery.
SELECT
  agency, place, audience, activity, period, basis, source,
  SUM(amount_minor) AS amount_minor,
  SUM(summed_from) AS summed_from
FROM (
  SELECT
    agency, place,
    CASE WHEN audience IS NOT NULL AND summed_from < 10 THEN NULL ELSE audience END AS audience,
    activity, period, basis, source, amount_minor, summed_from
  FROM facts
) f
GROUP BY agency, place, audience, activity, period, basis, source
