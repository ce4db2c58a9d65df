#!/usr/bin/env bash
# Runs every scenario of docs/PERFORMANCE.md, each side by side with its baseline in the same run,
# and writes that file.
#   bench/run.sh            full run (about half an hour): needs libvirt 9.0 (with its QEMU driver)
#                           for libvirt's side, qemu-system-x86_64 for scenarios 3 and 4, and root for
#                           the private libvirtd (a mount namespace of its own)
#   bench/run.sh --smoke    tiny sizes, no libvirt and no Karaf, to check the harness only (CI); QEMU
#                           scenarios at tiny sizes in process when qemu-system-x86_64 is there; scenario 6
#                           against jvirt's server embedded in the harness when python3-libvirt is there;
#                           scenario 7 at a tiny size when libvirtd and python3-libvirt are there
#   bench/run.sh --only=jvm scenarios 1 and 3's jvirt side in child JVMs: the JVM's defaults (the distribution
#                           before issue 27) against bin/setenv's settings (more: -Djvirt.bench.jvm.extra=NAME=OPTS;...)
#   bench/run.sh --only=6   one scenario's table, printed (1, 3, 4, 6 or 7; for 6 and 7 also written into their
#                           section of docs/PERFORMANCE.md, the rest of the file kept; 6: libvirt's RPC
#                           protocol, the same libvirt-python script against libvirtd and the distribution;
#                           needs libvirt-daemon and python3-libvirt; 7: jvirt's driver-remote vs libvirt's remote
#                           driver against one libvirtd, and the fleet listing over 10 libvirtd: the same packages)
# On a machine shared with other builds, hold the build lock around the whole run, so that no build
# runs beside the measurements:  flock /tmp/jvirt-mvn.lock bench/run.sh
#   -Dname=value            arguments of this form go to the harness's JVM as system properties (e.g.
#                           -Djvirt.conformance.dir=DIR in a worktree, which has no ../shared beside it)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
smoke=false
jvm=()
args=()
for a in "$@"; do
    [ "$a" = --smoke ] && smoke=true
    case "$a" in -D*) jvm+=("$a") ;; *) args+=("$a") ;; esac
done

# Build into the reactor's target folders only (nothing installed into ~/.m2).
modules=bench
$smoke || modules=bench,karaf-dist
mvn -B -q -o package -DskipTests -pl "$modules" -am

props=()
# libvirt's side of scenario 1: a C program on libvirt's public API, built when libvirt-dev is here
if command -v gcc >/dev/null && pkg-config --exists libvirt 2>/dev/null; then
    gcc -O2 -Wall -o bench/target/testdriver_bench bench/src/main/c/testdriver_bench.c \
        $(pkg-config --cflags --libs libvirt)
    props+=(-Djvirt.bench.libvirt.testdriver="$root/bench/target/testdriver_bench")
    # libvirt's side of scenarios 3 and 4 (QEMU), on the same API plus libvirt-qemu's monitor call
    if pkg-config --exists libvirt-qemu 2>/dev/null; then
        gcc -O2 -Wall -pthread -o bench/target/qemu_bench bench/src/main/c/qemu_bench.c \
            $(pkg-config --cflags --libs libvirt libvirt-qemu)
        props+=(-Djvirt.bench.libvirt.qemu="$root/bench/target/qemu_bench")
    fi
else
    echo "libvirt not installed (libvirt-dev, pkg-config): scenarios 1, 3 and 4 run jvirt's side only" >&2
fi
# scenario 6's floor: the least a libvirt RPC server can cost this client here (no libvirt needed)
if command -v gcc >/dev/null; then
    gcc -O2 -Wall -o bench/target/rpc_floor bench/src/main/c/rpc_floor.c
    props+=(-Djvirt.bench.rpc.floor="$root/bench/target/rpc_floor")
fi
dist=$(ls karaf-dist/target/karaf-dist-*.tar.gz 2>/dev/null | head -1 || true)
[ -n "$dist" ] && props+=(-Djvirt.bench.dist="$root/$dist")

cp=$(cat bench/target/classpath.txt):bench/target/classes
conformance=$(cd "$root/.." && pwd)/shared/conformance/libvirt
exec java -Djvirt.conformance.dir="$conformance" "${props[@]}" "${jvm[@]}" -cp "$cp" io.jvirt.bench.Report --out=docs/PERFORMANCE.md "${args[@]}"
