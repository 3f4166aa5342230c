#!/usr/bin/env bash
# Benchmarks odooMigrateCheck end to end: 2,000 addons against an Odoo 17.0 database with 2,000 modules, on the
# embedded PostgreSQL server the tests use, then times a Python baseline of the file work on the same addons.
# Usage: bench/migrate/run.sh [modules] [warm-up runs] [measured runs]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
modules="${1:-2000}"
warmups="${2:-3}"
runs="${3:-7}"

./mvnw -q -pl core -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
classpath="core/target/classes:core/target/test-classes:$(cat core/target/bench-classpath.txt)"
out="bench/migrate/target"
mkdir -p "$out"
javac -d "$out" -cp "$classpath" bench/migrate/MigratePlanningBenchmark.java

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
java -cp "$out:$classpath" MigratePlanningBenchmark "$modules" "$warmups" "$runs" "$work" || status=$?
if command -v python3 >/dev/null; then
  python3 bench/migrate/python_baseline.py "$runs" "$work/odoo" "$work/custom"
else
  echo "python baseline: skipped, python3 is not installed"
fi
exit "$status"
