"""Runs the publishing-at-scale SQL recipe on DuckDB against a synthetic ledger, and checks it.

Called by tools/test-sql-recipe.sh (which installs DuckDB and builds `whole-place`). Steps:
generate a deterministic ledger of N lines and its mapping tables IN DuckDB; run
tools/sql/ledger_to_facts.sql exactly as written inside DuckDB's COPY ... (FORMAT JSON) to get
NDJSON facts; run tools/sql/ledger_left_out.sql; write a header file; run
`whole-place assemble` and `whole-place check --json`; compare every total exactly (Python
Decimal and integers, never floats) with totals computed from the ledger by an independent
query. Prints times and sizes; exits non-zero, saying why, on the first mismatch.
"""

import argparse
import gzip
import json
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).resolve().parent

# Five UK financial years, April to March: period_map's rows and the header's periods.
FIRST_FY = 2019
YEARS = 5

# The synthetic ledger, deterministic for a given N: every column is a hash of the line number.
# Rates chosen so that every path of the recipe is taken many times: lines with an unknown
# agency (0.2%), unknown cost centre (0.5%), unknown ward (0.3%), unknown client group, dates
# in March 2019 (before the first period, ~1.7%), negative amounts (~10%), codes mapped on
# purpose to "not attributed" (NULL ids), and a few lines of nearly £10 trillion, so that
# the totals pass 2^53 pence and any float on the way would lose pennies.
GENERATE_SQL = """
CREATE TABLE agency_map AS
SELECT 'B' || CAST(a AS VARCHAR) AS agency_code, 'agency-' || CAST(a AS VARCHAR) AS agency_id
FROM range(6) t(a);

CREATE TABLE activity_map AS
SELECT a.agency_code, 'CC' || lpad(CAST(c AS VARCHAR), 3, '0') AS cost_centre,
       CASE WHEN c % 40 = 39 THEN NULL ELSE 'activity-' || lpad(CAST(c % 40 AS VARCHAR), 2, '0') END
         AS activity_id
FROM agency_map a, range(240) t(c)
WHERE a.agency_code = 'B' || CAST(c % 6 AS VARCHAR);

CREATE TABLE place_map AS
SELECT 'E05' || lpad(CAST(w AS VARCHAR), 6, '0') AS ward_code,
       'place-' || lpad(CAST(w % 18 AS VARCHAR), 2, '0') AS place_id
FROM range(300) t(w);

CREATE TABLE audience_map AS
SELECT 'CG' || CAST(g AS VARCHAR) AS client_group,
       CASE WHEN g = 8 THEN NULL ELSE 'audience-' || CAST(g AS VARCHAR) END AS audience_id
FROM range(9) t(g);

CREATE TABLE period_map AS
SELECT CAST(y AS INTEGER) AS fy_start_year,
       CAST(y AS VARCHAR) || '-' || right(CAST(y + 1 AS VARCHAR), 2) AS period_id,
       make_date(CAST(y AS INTEGER), 4, 1) AS start_date,
       make_date(CAST(y + 1 AS INTEGER), 3, 31) AS end_date
FROM range({first_fy}, {first_fy} + {years}) t(y);

CREATE TABLE ledger AS
WITH h AS (
  SELECT i,
         hash(i, 'cc') % 2000 AS c,
         hash(i, 'ag') % 1000 AS a,
         hash(i, 'wd') % 1000 AS w,
         hash(i, 'cg') % 100 AS g,
         hash(i, 'dt') % 1858 AS d,
         CAST(hash(i, 'am') % 5000000 AS BIGINT) - 500000 AS pence,
         hash(i, 'big') % 50000 = 0 AS huge,
         hash(i, 'bs') % 50 = 0 AS accrual
  FROM range({lines}) t(i)
)
SELECT
  CASE WHEN a < 2 THEN 'ZZ' || CAST(a AS VARCHAR) ELSE 'B' || CAST(c % 240 % 6 AS VARCHAR) END
    AS agency_code,
  CASE WHEN c < 10 THEN 'X' || CAST(c AS VARCHAR) ELSE 'CC' || lpad(CAST(c % 240 AS VARCHAR), 3, '0') END
    AS cost_centre,
  CASE WHEN w < 300 THEN NULL
       WHEN w < 303 THEN 'W' || CAST(w AS VARCHAR)
       ELSE 'E05' || lpad(CAST(w % 300 AS VARCHAR), 6, '0') END AS ward_code,
  -- Client groups only on social-care cost centres (activities 00 to 07), as in real ledgers.
  CASE WHEN c % 240 % 40 >= 8 OR g < 20 THEN NULL
       WHEN g < 22 THEN 'CG-OLD'
       ELSE 'CG' || CAST(g % 9 AS VARCHAR) END AS client_group,
  DATE '2019-03-01' + CAST(d AS INTEGER) AS posting_date,
  CAST(CAST(pence AS DECIMAL(18, 0)) * CAST('0.01' AS DECIMAL(3, 2))
       + CASE WHEN huge THEN CAST('9876543210987.65' AS DECIMAL(18, 2)) ELSE 0 END
       AS DECIMAL(18, 2)) AS amount,
  CASE WHEN accrual THEN 'accruals' ELSE 'general-ledger' END AS source_id,
  CASE WHEN accrual THEN 'estimated' ELSE NULL END AS basis
FROM h;
"""


# Independent of the recipe: the period by a date-range join (not the year arithmetic), and
# "maps" as EXISTS tests (not LEFT JOINs and CASE). Exact DECIMAL sums and integer counts.
ORACLE_SQL = """
SELECT p.period_id, SUM(l.amount) AS amount, COUNT(*) AS lines
FROM ledger l
JOIN period_map p ON l.posting_date BETWEEN p.start_date AND p.end_date
WHERE EXISTS (SELECT 1 FROM agency_map m WHERE m.agency_code = l.agency_code)
  AND EXISTS (SELECT 1 FROM activity_map m
              WHERE m.agency_code = l.agency_code AND m.cost_centre = l.cost_centre)
  AND (l.ward_code IS NULL OR EXISTS (SELECT 1 FROM place_map m WHERE m.ward_code = l.ward_code))
  AND (l.client_group IS NULL
       OR EXISTS (SELECT 1 FROM audience_map m WHERE m.client_group = l.client_group))
GROUP BY p.period_id
"""


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def human(nbytes):
    return f"{nbytes / 1048576:.1f} MiB ({nbytes:,} bytes)"


def recipe(name):
    """The SQL file's text, exactly, with nothing after its last statement."""
    return (SQL_DIR / name).read_text(encoding="utf-8").rstrip()


def header(con):
    """The document around the facts: every id any fact can name, declared."""

    def ids(sql):
        return [row[0] for row in con.execute(sql).fetchall()]

    periods = con.execute(
        "SELECT period_id, CAST(start_date AS VARCHAR), CAST(end_date AS VARCHAR) "
        "FROM period_map ORDER BY fy_start_year"
    ).fetchall()
    activities = ids("SELECT DISTINCT activity_id FROM activity_map WHERE activity_id IS NOT NULL ORDER BY 1")
    return {
        "format_version": "1.1",
        "metadata": {
            "title": "Synthetic ledger: SQL recipe test",
            "publisher": "tools/test-sql-recipe.sh",
            "description": "Made-up ledger lines summed by tools/sql/ledger_to_facts.sql.",
            "licence": "Open Government Licence v3.0",
            "currency": "GBP",
            "status": "illustrative",
        },
        "periods": [{"id": p, "label": p, "start": s, "end": e} for p, s, e in periods],
        "sources": [
            {"id": "general-ledger", "title": "General ledger extract"},
            {"id": "accruals", "title": "Year-end accruals"},
        ],
        "places": [{"id": "area", "label": "The whole area"}]
        + [{"id": p, "label": p, "parent": "area"} for p in ids("SELECT DISTINCT place_id FROM place_map ORDER BY 1")],
        "audiences": [
            {"id": a, "label": a}
            for a in ids("SELECT DISTINCT audience_id FROM audience_map WHERE audience_id IS NOT NULL ORDER BY 1")
        ],
        # Two groups, so that the activities have a hierarchy; the groups have no facts of their own.
        "activities": [{"id": "care", "label": "Care"}, {"id": "other", "label": "Other services"}]
        + [{"id": a, "label": a, "parent": "care" if a < "activity-08" else "other"} for a in activities],
        "agencies": [{"id": a, "label": a} for a in ids("SELECT agency_id FROM agency_map ORDER BY 1")],
        "facts": [],
    }


def run(cmd):
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    return done, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=2_000_000)
    parser.add_argument("--work", type=Path, required=True, help="an empty folder for the files")
    parser.add_argument("--bin", type=Path, required=True, help="the native whole-place binary")
    args = parser.parse_args()
    work = args.work
    # The doc quotes the query; it must be the query this test runs.
    doc = (SQL_DIR.parent.parent / "docs" / "publishing-at-scale.md").read_text(encoding="utf-8")
    query = recipe("ledger_to_facts.sql")
    if query[query.index("WITH mapped AS ("):] not in doc:
        fail("docs/publishing-at-scale.md no longer quotes tools/sql/ledger_to_facts.sql exactly")
    con = duckdb.connect()

    started = time.perf_counter()
    con.execute(GENERATE_SQL.format(lines=args.lines, first_fy=FIRST_FY, years=YEARS))
    t_generate = time.perf_counter() - started
    ledger_lines, ledger_total = con.execute("SELECT COUNT(*), SUM(amount) FROM ledger").fetchone()
    if ledger_lines != args.lines:
        fail(f"generated {ledger_lines} ledger lines, wanted {args.lines}")

    ledger_csv = work / "ledger.csv"
    con.execute(f"COPY ledger TO '{ledger_csv}' (HEADER)")
    ledger_csv_bytes = ledger_csv.stat().st_size
    ledger_csv.unlink()

    # The recipe, as written, inside DuckDB's export statement (the engine-specific part).
    facts_path = work / "facts.ndjson"
    started = time.perf_counter()
    con.execute(f"COPY (\n{recipe('ledger_to_facts.sql')}\n) TO '{facts_path}' (FORMAT JSON)")
    t_query = time.perf_counter() - started

    started = time.perf_counter()
    left_out = con.execute(recipe("ledger_left_out.sql")).fetchall()
    t_left_out = time.perf_counter() - started
    left_out_lines = sum(row[3] for row in left_out)
    left_out_total = sum((row[4] for row in left_out), Decimal(0))

    oracle = {p: (amount, lines) for p, amount, lines in con.execute(ORACLE_SQL).fetchall()}

    # The NDJSON itself: whole pence as JSON integers, never floats; counts add up.
    facts = 0
    summed_from = 0
    pence_by_period = {}
    with facts_path.open(encoding="utf-8") as lines:
        for line in lines:
            fact = json.loads(line, parse_float=lambda text: fail(f"a float in the NDJSON: {text}"))
            if not isinstance(fact["amount_minor"], int) or not isinstance(fact["summed_from"], int):
                fail(f"amount_minor and summed_from must be JSON integers: {line.strip()}")
            if fact["summed_from"] < 1:
                fail(f"summed_from below 1: {line.strip()}")
            facts += 1
            summed_from += fact["summed_from"]
            period = fact["period"]
            pence_by_period[period] = pence_by_period.get(period, 0) + fact["amount_minor"]

    if summed_from + left_out_lines != ledger_lines:
        fail(f"summed_from adds to {summed_from}, left out {left_out_lines}: not the {ledger_lines} ledger lines")
    for period, (amount, _) in oracle.items():
        if Decimal(pence_by_period.get(period, 0)) / 100 != amount:
            fail(f"{period}: NDJSON adds to {pence_by_period.get(period, 0)} pence, the ledger to {amount}")
    if sorted(pence_by_period) != sorted(oracle):
        fail(f"periods differ: NDJSON {sorted(pence_by_period)}, ledger {sorted(oracle)}")
    mapped_total = sum((amount for amount, _ in oracle.values()), Decimal(0))
    if mapped_total + left_out_total != ledger_total:
        fail(f"mapped {mapped_total} + left out {left_out_total} != ledger {ledger_total}")
    if sum(lines for _, lines in oracle.values()) != summed_from:
        fail("the ledger's mapped lines and summed_from differ")

    # Small-number suppression, on the facts read back from the NDJSON: no total may change,
    # no line may be lost, and no fact naming an audience may add up fewer than 10 lines.
    con.execute(f"CREATE TABLE facts AS SELECT * FROM read_json('{facts_path}')")
    suppressed = con.execute(
        f"SELECT period, SUM(amount_minor), SUM(summed_from), COUNT(*), "
        f"SUM(CASE WHEN audience IS NOT NULL AND summed_from < 10 THEN 1 ELSE 0 END) "
        f"FROM (\n{recipe('suppress_small_counts.sql')}\n) s GROUP BY period"
    ).fetchall()
    suppressed_facts = sum(row[3] for row in suppressed)
    for period, pence, lines_in_period, _, small in suppressed:
        if pence != pence_by_period[period] or lines_in_period != oracle[period][1] or small:
            fail(f"{period}: after suppression {pence} pence in {lines_in_period} lines, {small} small "
                 f"audience facts; before {pence_by_period[period]} pence in {oracle[period][1]} lines")

    # BigQuery's EXPORT DATA writes every INT64 as digits in quotes; the format reads
    # amount_minor and summed_from written so. The same facts in that shape are assembled below
    # and must give the very same file.
    bq_path = work / "facts-bigquery.ndjson"
    con.execute(
        f"COPY (SELECT * REPLACE (CAST(amount_minor AS VARCHAR) AS amount_minor, "
        f"CAST(summed_from AS VARCHAR) AS summed_from) FROM facts) TO '{bq_path}' (FORMAT JSON)"
    )

    print(f"ledger lines:        {ledger_lines:,} (as CSV: {human(ledger_csv_bytes)}), total {ledger_total}")
    print(f"left out (unmapped): {left_out_lines:,} lines in {len(left_out)} report rows, total {left_out_total}")
    for row in sorted(left_out, key=lambda r: -r[3])[:3]:
        print(f"   e.g. {row[0]}: agency {row[1]}, code {row[2]}, {row[3]:,} lines, {row[4]}")
    print(f"facts (NDJSON):      {facts:,} lines, {human(facts_path.stat().st_size)}; "
          f"{ledger_lines / max(facts, 1):.1f} ledger lines per fact")
    print(f"small-number suppression: {facts:,} facts -> {suppressed_facts:,}, every total unchanged")
    print(f"times: generate {t_generate:.2f} s, facts query + NDJSON {t_query:.2f} s, "
          f"left-out query {t_left_out:.2f} s")
    sys.stdout.flush()

    header_path = work / "header.json"
    header_path.write_text(json.dumps(header(con), indent=1), encoding="utf-8")
    out_path = work / "published.json"
    done, t_assemble = run([str(args.bin), "assemble", str(header_path), str(facts_path), str(out_path)])
    if done.returncode != 0:
        fail(f"whole-place assemble exited {done.returncode}:\n{done.stdout}{done.stderr}")
    bq_out_path = work / "published-from-bigquery-shape.json"
    done, _ = run([str(args.bin), "assemble", str(header_path), str(bq_path), str(bq_out_path)])
    if done.returncode != 0 or bq_out_path.read_bytes() != out_path.read_bytes():
        fail(f"facts with INT64 in quotes (BigQuery's shape) did not give the same file:\n{done.stderr}")
    done, t_check = run([str(args.bin), "check", str(out_path), "--json"])
    if done.returncode != 0:
        fail(f"whole-place check exited {done.returncode}:\n{done.stdout}{done.stderr}")
    report = json.loads(done.stdout, parse_float=Decimal)
    errors = [p for p in report["problems"] if p.get("severity", p.get("level")) == "error"]
    if errors:
        fail(f"check found errors: {json.dumps(errors[:5])}")
    if report["facts_left_out"] != 0:
        fail(f"check left out {report['facts_left_out']} facts")
    # check counts figures (a fact with summed_from n counts n): the mapped ledger lines. Each
    # NDJSON line has distinct keys, so it is one tuple.
    if report["facts_kept"] != summed_from:
        fail(f"check kept {report['facts_kept']} figures, the NDJSON's summed_from adds to {summed_from}")
    if report["tuples"] != facts:
        fail(f"check found {report['tuples']} tuples, the NDJSON has {facts} facts")
    checked = {period: Decimal(text) for period, text in report["totals"].items()}
    expected = {period: amount for period, (amount, _) in oracle.items()}
    if checked != expected:
        fail(f"check's totals {report['totals']} differ from the ledger's {expected}")

    published = out_path.read_bytes()
    print(f"published file:      {human(len(published))}, gzip -9 {human(len(gzip.compress(published, 9)))}; "
          f"check: {report['facts_kept']:,} figures in {report['tuples']:,} tuples, no errors")
    for problem in report["problems"]:
        print(f"   {problem['severity']}: {problem['location']}: {problem['message']}")
    for period in sorted(expected):
        print(f"   {period}: {checked[period]} = ledger {expected[period]} ({oracle[period][1]:,} lines)")
    print(f"times: assemble {t_assemble:.2f} s, check {t_check:.2f} s")
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    print(f"duckdb {duckdb.__version__}, {threads} threads")


if __name__ == "__main__":
    main()
