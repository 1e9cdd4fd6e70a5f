-- Whole Place: ledger lines -> facts (format 1.1), one row per distinct key, summed exactly.
-- One SELECT in portable SQL: runs unchanged on DuckDB, Spark SQL (3.x, 4.x) and BigQuery
-- (GoogleSQL). docs/publishing-at-scale.md lists the constructs it relies on; the test
-- tools/test-sql-recipe.sh runs this file as it is. No trailing semicolon, so that an export
-- statement can wrap it: COPY (...) TO, EXPORT DATA ... AS (...), spark.sql(...).
--
-- Reads (see the doc for their columns):
--   ledger        one row per transaction line: agency_code, cost_centre, ward_code,
--                 client_group, posting_date (DATE), amount (DECIMAL, pence), source_id, basis
--   agency_map    agency_code -> agency_id
--   activity_map  (agency_code, cost_centre) -> activity_id   (NULL id: "activity not stated")
--   place_map     ward_code -> place_id                       (NULL id: area-wide)
--   audience_map  client_group -> audience_id                 (NULL id: not split by audience)
--   period_map    fy_start_year -> period_id
-- A line whose code has no row in its map is left out here and listed, with its total, by
-- ledger_left_out.sql (the same joins): nothing disappears unseen.
WITH mapped AS (
  SELECT
    l.amount,
    ag.agency_id,
    pl.place_id,
    au.audience_id,
    ac.activity_id,
    pe.period_id,
    COALESCE(l.basis, 'reported') AS basis,
    l.source_id,
    CASE
      WHEN ag.agency_code IS NULL THEN 'agency_code not in agency_map'
      WHEN ac.cost_centre IS NULL THEN 'cost_centre not in activity_map'
      WHEN l.ward_code IS NOT NULL AND pl.ward_code IS NULL THEN 'ward_code not in place_map'
      WHEN l.client_group IS NOT NULL AND au.client_group IS NULL
        THEN 'client_group not in audience_map'
      WHEN pe.period_id IS NULL THEN 'posting_date in no period of period_map'
    END AS left_out_because
  FROM ledger l
  LEFT JOIN agency_map ag ON ag.agency_code = l.agency_code
  LEFT JOIN activity_map ac
    ON ac.agency_code = l.agency_code AND ac.cost_centre = l.cost_centre
  LEFT JOIN place_map pl ON pl.ward_code = l.ward_code
  LEFT JOIN audience_map au ON au.client_group = l.client_group
  -- Financial years starting in April (UK): a date in January to March belongs to the year
  -- that started the April before. Change the 4 for another start month.
  LEFT JOIN period_map pe
    ON pe.fy_start_year = EXTRACT(YEAR FROM l.posting_date)
      - CASE WHEN EXTRACT(MONTH FROM l.posting_date) < 4 THEN 1 ELSE 0 END
)
SELECT
  agency_id AS agency,
  place_id AS place,
  audience_id AS audience,
  activity_id AS activity,
  period_id AS period,
  basis,
  source_id AS source,
  -- Whole pence as a 64-bit integer: exact (the sum is a DECIMAL with two places, times 100
  -- is a whole number) and written as a JSON integer (BigQuery: as digits in quotes), which
  -- the format reads as amount_minor. A sum beyond 9.2 * 10^18 pence is an error, not a
  -- wrong figure (Spark: with spark.sql.ansi.enabled, the default from Spark 4.0).
  CAST(SUM(amount) * 100 AS BIGINT) AS amount_minor,
  COUNT(*) AS summed_from
FROM mapped
WHERE left_out_because IS NULL
GROUP BY agency_id, place_id, audience_id, activity_id, period_id, basis, source_id
-- A stable order, so that the same ledger gives the same file (NULLs sort first on some
-- engines and last on others: each engine is stable on its own).
ORDER BY period, agency, activity, place, audience, basis, source
