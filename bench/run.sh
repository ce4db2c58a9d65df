#!/usr/bin/env bash
# Runs every benchmark side by side with its baseline and writes docs/PERFORMANCE.md.
#   bench/run.sh            full run (a few minutes)
#   bench/run.sh --smoke    tiny run, to check the harness only
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mvn -B -q install -DskipTests -pl bench -am
cp=$(cat bench/target/classpath.txt):bench/target/classes
conformance=$(cd "$root/.." && pwd)/shared/conformance/libvirt
exec java -Djvirt.conformance.dir="$conformance" -cp "$cp" io.jvirt.bench.Report --out=docs/PERFORMANCE.md "$@"
