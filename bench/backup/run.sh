#!/usr/bin/env bash
# Runs the backup benchmarks by hand (never in the test suite): the engine's JDBC restore against psql -1 -f on the
# same plain dump.sql of at least 1 GiB, and the engine's attachment check against sha1sum over 10,000 files.
# Usage: bench/backup/run.sh [WORK_DIR] [DUMP_BYTES] [ROUNDS]   (defaults: target/bench-backup, 1073741824 and 3)
# Needs pg_dump and psql (Debian: postgresql-client) and sha1sum; starts its own embedded PostgreSQL on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/../.."
work="${1:-$PWD/target/bench-backup}"
bytes="${2:-1073741824}"
rounds="${3:-3}"
./mvnw -q -pl core -am test-compile
./mvnw -q -pl core dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
# A copy of the compiled classes, so that a build started meanwhile cannot pull them away from the running benchmark.
rm -rf target/bench-classes target/bench-core
mkdir -p target/bench-classes target/bench-core
cp -r core/target/classes target/bench-core/main
cp -r core/target/test-classes target/bench-core/test
classpath="target/bench-core/main:target/bench-core/test:$(cat core/target/bench-classpath.txt)"
javac -q -d target/bench-classes -cp "$classpath" bench/backup/BackupBench.java 2>/dev/null || javac -d target/bench-classes -cp "$classpath" bench/backup/BackupBench.java
echo "Hardware: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB RAM"
echo "Tools: $(psql --version), $(sha1sum --version | head -1), $(java -version 2>&1 | head -1)"
java -Xmx256m -cp "target/bench-classes:$classpath" io.jenkins.plugins.odoorelease.backup.BackupBench "$work" "$bytes" "$rounds"
