-- Whole Place: the ledger lines ledger_to_facts.sql leaves out, with why and their totals.
-- Same tables, joins and reasons as ledger_to_facts.sql (keep the two in step); portable SQL
-- for DuckDB, Spark SQL and BigQuery. One row per reason and offending code: map the code
-- (add a row to its map, with a NULL member id if it is deliberately not attributed) and run
-- again until this is empty, or publish the rest as left out and say so in the description.
-- Facts total + this total = the ledger's total, to the penny (tools/test-sql-recipe.sh).
WITH mapped AS (
  SELECT
    l.amount,
    l.agency_code,
    l.posting_date,
    CASE
      WHEN ag.agency_code IS NULL THEN 'agency_code not in agency_map'
      WHEN ac.cost_centre IS NULL THEN 'cost_centre not in activity_map'
      WHEN l.ward_code IS NOT NULL AND pl.ward_code IS NULL THEN 'ward_code not in place_map'
      WHEN l.client_group IS NOT NULL AND au.client_group IS NULL
        THEN 'client_group not in audience_map'
      WHEN pe.period_id IS NULL THEN 'posting_date in no period of period_map'
    END AS left_out_because,
    -- The code to map: the cost centre, ward or client group the reason names (NULL for an
    -- unknown agency, see agency_code, or a date outside every period, see the dates).
    CASE
      WHEN ag.agency_code IS NULL THEN NULL
      WHEN ac.cost_centre IS NULL THEN l.cost_centre
      WHEN l.ward_code IS NOT NULL AND pl.ward_code IS NULL THEN l.ward_code
      WHEN l.client_group IS NOT NULL AND au.client_group IS NULL THEN l.client_group
    END AS code
  FROM ledger l
  LEFT JOIN agency_map ag ON ag.agency_code = l.agency_code
  LEFT JOIN activity_map ac
    ON ac.agency_code = l.agency_code AND ac.cost_centre = l.cost_centre
  LEFT JOIN place_map pl ON pl.ward_code = l.ward_code
  LEFT JOIN audience_map au ON au.client_group = l.client_group
  LEFT JOIN period_map pe
    ON pe.fy_start_year = EXTRACT(YEAR FROM l.posting_date)
      - CASE WHEN EXTRACT(MONTH FROM l.posting_date) < 4 THEN 1 ELSE 0 END
)
SELECT
  left_out_because,
  agency_code,
  code,
  COUNT(*) AS ledger_lines,
  SUM(amount) AS amount,
  MIN(posting_date) AS first_posting_date,
  MAX(posting_date) AS last_posting_date
FROM mapped
WHERE left_out_because IS NOT NULL
GROUP BY left_out_because, agency_code, code
