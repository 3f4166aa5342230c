#!/usr/bin/env bash
# Measures a rebuild after one module of a 300-module tree changed against the first build, in the engine (as the
# Jenkins step runs it) and with odoo-release build-image processes, against a docker-registry on 127.0.0.1 (Debian
# package docker-registry). Prints the ratios. Exits 1 when the engine ratio is above 0.5, or when a rebuild uploaded
# more than the changed addons path's layer and the inventory.
# Usage: bench/image/run.sh [ROUNDS]   (default 3; the medians are reported)
set -euo pipefail
cd "$(dirname "$0")/../.."

command -v docker-registry >/dev/null || { echo "docker-registry is not installed (Debian package docker-registry)" >&2; exit 2; }

./mvnw -q -B -DskipTests package
./mvnw -q -B -pl core test-compile dependency:build-classpath -Dmdep.outputFile="$PWD/core/target/bench-classpath.txt"
classpath="core/target/test-classes:core/target/classes:$(cat core/target/bench-classpath.txt)"

java -cp "$classpath" bench/image/ImageRebuildBench.java cli/target/odoo-release.jar "${1:-3}"
