#!/usr/bin/env bash
# Provincial reporting benchmark with the release binary:
#   - XLSX export of 10,000 projects, against the database's own CSV dump of the same columns
#     (`sqlite3 -csv`, or `psql --csv` on PostgreSQL);
#   - CSV and XLSX export of 100,000 projects, against the same dump;
#   - dry run, then commit, of a 10,000-row XLSX that changes every project;
#   - wall time and peak memory (max RSS) of each, with GNU time.
# Figures go in BENCHMARKS.md. The synthetic databases are kept between runs (SQLite files in
# target/bench; on PostgreSQL, databases named reporting_<scale>_*).
# Environment:
#   BENCH_SCALE=small     a tenth of it (1,000 and 5,000 projects): CI runs it so the script
#                         cannot rot
#   BENCH_POSTGRES=postgres://user@host:port   measure on that PostgreSQL server instead of SQLite
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --bench
export PATH="$HOME/.cargo/bin:$PATH"

work=target/bench
mkdir -p "$work"
# scripts/test.sh has just built the release (BENCH_BUILT=1); by hand, build it first.
[ -n "${BENCH_BUILT:-}" ] || scripts/build.sh
bin=target/release/roadmap
export ROADMAP_TODAY=2026-11-24 RUST_LOG=error

case "${BENCH_SCALE:-full}" in
  full) county_size=(--projects 10000) big_size=(--projects 100000) ;;
  small) county_size=(--projects 1000 --milestones 2000 --updates 10000)
         big_size=(--projects 5000 --milestones 2000 --updates 10000) ;;
  *) echo "BENCH_SCALE is full or small" >&2; exit 2 ;;
esac
scale="${BENCH_SCALE:-full}"
pg="${BENCH_POSTGRES:-}"
# The URL of database $1 (county, big, import, import_base).
url() {
  if [ -n "$pg" ]; then echo "$pg/reporting_${scale}_$1"; else echo "sqlite://$work/reporting-$scale-$1.db"; fi
}
# Runs SQL $2 on database $1, printing CSV.
sql() {
  if [ -n "$pg" ]; then psql -qAt --csv "$(url "$1")" -c "$2"; else sqlite3 -csv "$work/reporting-$scale-$1.db" "$2"; fi
}
# Makes database $1 a copy of database $2.
copy_db() {
  if [ -n "$pg" ]; then
    psql -q "$pg/postgres" -c "DROP DATABASE IF EXISTS reporting_${scale}_$1" -c "CREATE DATABASE reporting_${scale}_$1 TEMPLATE reporting_${scale}_$2"
  else
    cp "$work/reporting-$scale-$2.db" "$work/reporting-$scale-$1.db"
    rm -f "$work/reporting-$scale-$1.db-wal" "$work/reporting-$scale-$1.db-shm"
  fi
}
projects() { sql "$1" 'SELECT COUNT(*) FROM projects' 2>/dev/null || echo 0; }
for name in county big; do
  if [ "$(projects $name)" = 0 ]; then
    [ -z "$pg" ] || psql -q "$pg/postgres" -c "CREATE DATABASE reporting_${scale}_$name" 2>/dev/null || true
    if [ $name = county ]; then size=("${county_size[@]}"); else size=("${big_size[@]}"); fi
    "$bin" --database-url "$(url $name)" seed --synthetic "${size[@]}"
  fi
done

# The sheet's columns straight from SQL: what any export has to read at least.
dump_sql="SELECT p.code, p.name, u.name, p.location, p.construction_type, pl.name_zh, p.content,
  p.start_year || '-' || p.end_year, p.total_investment / 100.0, p.fund_central / 100.0,
  p.fund_provincial / 100.0, p.fund_city / 100.0, p.fund_county / 100.0, p.fund_social / 100.0,
  COALESCE(l.before_year, 0) / 100.0, COALESCE(l.planned, 0) / 100.0, COALESCE(l.completed, 0) / 100.0,
  p.visible_progress, p.contact_name, p.contact_phone
FROM projects p JOIN units u ON u.id = p.unit_id LEFT JOIN pillars pl ON pl.id = p.pillar_id
LEFT JOIN (SELECT project_id, SUM(CASE WHEN year < 2026 THEN completed ELSE 0 END) AS before_year,
  SUM(CASE WHEN year = 2026 THEN planned ELSE 0 END) AS planned,
  SUM(CASE WHEN year = 2026 THEN completed ELSE 0 END) AS completed
  FROM investment_ledger GROUP BY project_id) l ON l.project_id = p.id
ORDER BY p.kind, p.start_year, p.id;"

# Best of three runs: "<seconds> s, <max RSS> MB".
measure() {
  local best="" rss=""
  for _ in 1 2 3; do
    /usr/bin/time -f '%e %M' -o "$work/time.txt" "$@" > /dev/null 2> "$work/stderr.txt"
    read -r seconds kb < "$work/time.txt"
    if [ -z "$best" ] || awk "BEGIN { exit !($seconds < $best) }"; then best=$seconds; rss=$kb; fi
  done
  echo "$best s, $((rss / 1024)) MB"
}

# The database's own CSV dump of the sheet's columns, timed.
dump() {
  if [ -n "$pg" ]; then
    measure psql -qAt --csv "$(url "$1")" -c "$dump_sql"
  else
    measure sqlite3 -csv "$work/reporting-$scale-$1.db" "$dump_sql"
  fi
}

echo "== the county ($(projects county) projects, $(if [ -n "$pg" ]; then echo PostgreSQL; else echo SQLite; fi)) =="
echo "database CSV dump:   $(dump county)"
echo "roadmap export xlsx: $(measure "$bin" --database-url "$(url county)" export --format xlsx --out "$work/county.xlsx")"
echo "roadmap export csv:  $(measure "$bin" --database-url "$(url county)" export --format csv --out "$work/county.csv")"
echo "   xlsx file: $(stat -c %s "$work/county.xlsx") bytes"

echo "== the big registry ($(projects big) projects) =="
echo "database CSV dump:   $(dump big)"
echo "roadmap export csv:  $(measure "$bin" --database-url "$(url big)" export --format csv --out "$work/big.csv")"
echo "roadmap export csv (GBK): $(measure "$bin" --database-url "$(url big)" export --format csv --gbk --out "$work/big-gbk.csv")"
echo "roadmap export xlsx: $(measure "$bin" --database-url "$(url big)" export --format xlsx --out "$work/big.xlsx")"

echo "== import of the county's XLSX, changing every project =="
copy_db import_base county
# Every project's 形象进度 now differs from the file, so the import updates all of them.
sql import_base "UPDATE projects SET visible_progress = visible_progress || '（待更新）'" > /dev/null
copy_db import import_base
echo "dry run:  $(measure "$bin" --database-url "$(url import)" import "$work/county.xlsx" --dry-run)"
best=""
for _ in 1 2 3; do
  copy_db import import_base
  /usr/bin/time -f '%e %M' -o "$work/time.txt" "$bin" --database-url "$(url import)" import "$work/county.xlsx" --by admin > "$work/import.out" 2> "$work/stderr.txt"
  read -r seconds kb < "$work/time.txt"
  if [ -z "$best" ] || awk "BEGIN { exit !($seconds < $best) }"; then best=$seconds; rss=$kb; fi
done
echo "check + commit (roadmap import: plans once, then writes): $best s, $((rss / 1024)) MB"
tail -n 1 "$work/import.out"
