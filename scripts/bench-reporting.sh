#!/usr/bin/env bash
# Provincial reporting benchmark on SQLite with the release binary:
#   - XLSX export of 10,000 projects, against `sqlite3 -csv` dumping the same columns;
#   - CSV export of 100,000 projects, against the same dump;
#   - dry run, then commit, of a 10,000-row XLSX that changes every project;
#   - wall time and peak memory (max RSS) of each, with GNU time.
# Figures go in BENCHMARKS.md. The synthetic databases are kept in target/bench between runs.
# BENCH_SCALE=small measures a tenth of it (1,000 and 5,000 projects): CI runs it so the script
# cannot rot.
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
county="$work/reporting-${BENCH_SCALE:-full}-county.db"
big="$work/reporting-${BENCH_SCALE:-full}-big.db"
[ -s "$county" ] || "$bin" --database-url "sqlite://$county" seed --synthetic "${county_size[@]}"
[ -s "$big" ] || "$bin" --database-url "sqlite://$big" seed --synthetic "${big_size[@]}"

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

projects() { sqlite3 "$1" 'SELECT COUNT(*) FROM projects'; }

echo "== the county ($(projects "$county") projects) =="
echo "sqlite3 -csv dump:  $(measure sqlite3 -csv "$county" "$dump_sql")"
echo "roadmap export xlsx: $(measure "$bin" --database-url "sqlite://$county" export --format xlsx --out "$work/county.xlsx")"
echo "roadmap export csv:  $(measure "$bin" --database-url "sqlite://$county" export --format csv --out "$work/county.csv")"
echo "   xlsx file: $(stat -c %s "$work/county.xlsx") bytes"

echo "== the big registry ($(projects "$big") projects) =="
echo "sqlite3 -csv dump:  $(measure sqlite3 -csv "$big" "$dump_sql")"
echo "roadmap export csv:  $(measure "$bin" --database-url "sqlite://$big" export --format csv --out "$work/big.csv")"
echo "roadmap export csv (GBK): $(measure "$bin" --database-url "sqlite://$big" export --format csv --gbk --out "$work/big-gbk.csv")"
echo "roadmap export xlsx: $(measure "$bin" --database-url "sqlite://$big" export --format xlsx --out "$work/big.xlsx")"

echo "== import of the county's XLSX, changing every project =="
cp "$county" "$work/import.db"
rm -f "$work/import.db-wal" "$work/import.db-shm"
# Every project's 形象进度 now differs from the file, so the import updates all of them.
sqlite3 "$work/import.db" "UPDATE projects SET visible_progress = visible_progress || '（待更新）'"
echo "dry run:  $(measure "$bin" --database-url "sqlite://$work/import.db" import "$work/county.xlsx" --dry-run)"
cp "$work/import.db" "$work/import-base.db"
best=""
for _ in 1 2 3; do
  cp "$work/import-base.db" "$work/import.db"; rm -f "$work/import.db-wal" "$work/import.db-shm"
  /usr/bin/time -f '%e %M' -o "$work/time.txt" "$bin" --database-url "sqlite://$work/import.db" import "$work/county.xlsx" --by admin > "$work/import.out" 2> "$work/stderr.txt"
  read -r seconds kb < "$work/time.txt"
  if [ -z "$best" ] || awk "BEGIN { exit !($seconds < $best) }"; then best=$seconds; rss=$kb; fi
done
echo "check + commit (roadmap import: plans once, then writes): $best s, $((rss / 1024)) MB"
tail -n 1 "$work/import.out"
