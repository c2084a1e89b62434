#!/usr/bin/env bash
# A/B of the adoption series list over long series: two builds of the adoption service side by side, each on a
# database of its own, fed the same import (100 series observed day after day), then GET /series?pageSize=50
# timed in alternating rounds. Needs the local servers (infra/local/servers.sh start) and a Release build of
# services/Adoption in both trees.
#
#   bench/ab/series-list.sh <base tree> <new tree> [days]     e.g. bench/ab/series-list.sh /work/wt-base . 365
set -euo pipefail
base_tree=$(realpath "$1") new_tree=$(realpath "$2") days=${3:-365}
export PATH=/usr/lib/postgresql/15/bin:$PATH PGPASSWORD=postgres ASPNETCORE_ENVIRONMENT=Development
key="Authorization: Bearer dev-operator-key"
work=$(mktemp -d)
declare -A tree=([base]=$base_tree [new]=$new_tree) port=([base]=5611 [new]=5612)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT

for v in base new; do
  psql -h 127.0.0.1 -U postgres -qc "drop database if exists series_ab_$v" -c "create database series_ab_$v" >/dev/null
  (cd "${tree[$v]}/services/Adoption/bin/Release/net10.0" && exec dotnet Intelligence.Adoption.dll --urls "http://127.0.0.1:${port[$v]}" \
    "--ConnectionStrings:Marten=Host=127.0.0.1;Port=5432;Database=series_ab_$v;Username=postgres;Password=postgres" \
    --RabbitMq:Port=5672 --RabbitMq:VirtualHost=intelligence --RabbitMq:Username=adoption --RabbitMq:Password=guest >"$work/$v.log" 2>&1) &
  pids+=($!)
done
for v in base new; do
  for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:${port[$v]}/health/ready" >/dev/null && break; sleep 1; done
done

# As the import-adoption benchmark builds its rows: product i % 100, day i / 100, values climbing.
python3 - "$days" >"$work/rows.csv" <<'PY'
import sys, datetime
days = int(sys.argv[1]); start = datetime.date(2020, 1, 1)
print("obs_id,product,organization,org_country,metric,value,value_text,unit,region,date,period,measurement_type,notes,source,confidence")
for i in range(100 * days):
    print(f"B{i:06d},Bulk Product {i % 100:03d},Bulk Org {i % 7},US,monthly active users,{1_000_000 + i * 50_000},,users,IN,{start + datetime.timedelta(days=i // 100)},month,company_disclosure,,https://example.org/bulk,medium")
PY
echo "rows: $(($(wc -l <"$work/rows.csv") - 1)) (100 series, $days points each)"
for v in base new; do
  seconds=$(curl -fsS -o "$work/import-$v.json" -w "%{time_total}" -H "$key" -H "Content-Type: text/csv" --data-binary @"$work/rows.csv" "http://127.0.0.1:${port[$v]}/imports")
  echo "$v import: ${seconds} s"
done
for v in base new; do curl -fsS -H "$key" "http://127.0.0.1:${port[$v]}/series?pageSize=50" >"$work/answer-$v.json"; done
cmp -s "$work/answer-base.json" "$work/answer-new.json" && echo "answers: the same" || echo "answers: differ"
for round in 1 2 3 4; do
  for v in base new; do
    for _ in $(seq 1 100); do
      curl -fsS -o /dev/null -w "%{time_total} %{size_download}\n" -H "$key" "http://127.0.0.1:${port[$v]}/series?pageSize=50"
    done | sort -n | awk -v v="$v" -v r="$round" '{t[NR] = $1; s += $1; b = $2} END {printf "round %d %s: mean %.2f ms, p50 %.2f ms, p90 %.2f ms, %d bytes\n", r, v, s / NR * 1000, t[int(NR / 2)] * 1000, t[int(NR * 0.9)] * 1000, b}'
  done
done
kill "${pids[@]}"; wait "${pids[@]}" 2>/dev/null || true; pids=()
for v in base new; do psql -h 127.0.0.1 -U postgres -qc "drop database if exists series_ab_$v" >/dev/null; done
