#!/usr/bin/env bash
# Runs the fleet benchmark against a throwaway PostgreSQL 15 (durable settings: fsync on, as in production).
# Usage: bench/FleetBench/run.sh [instances] [clusters] [destinations] [seconds] [report-every-ms]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=/usr/lib/postgresql/15/bin
dir=$(mktemp -d /tmp/fulcrum-fleetbench-XXXX)
port=$((20000 + RANDOM % 20000))
as_pg=()
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; as_pg=(runuser -u postgres --); fi
trap '"${as_pg[@]}" $bin/pg_ctl -D "$dir/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
"${as_pg[@]}" $bin/initdb -D "$dir/data" -U postgres --auth=trust >/dev/null
"${as_pg[@]}" $bin/pg_ctl -D "$dir/data" -w -l "$dir/log" -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
"${as_pg[@]}" $bin/createdb -h 127.0.0.1 -p "$port" -U postgres fulcrum
FULCRUM_STORE="Host=127.0.0.1;Port=$port;Username=postgres;Database=fulcrum" \
  dotnet run -c Release --project bench/FleetBench -- "$@"
