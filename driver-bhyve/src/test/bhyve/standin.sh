# Shared part of the test suite's bhyve stand-ins (sourced, never run): where they keep their files.
# BHYVE_STANDIN_DIR names the directory; unset, it is the directory the stand-in was copied to, so
# that a driver that passes no environment still finds it.
D=${BHYVE_STANDIN_DIR:-$(dirname "$0")}
mkdir -p "$D/calls" "$D/run" "$D/vmm" "$D/control" "$D/fail"

# record PROG NAME ARGV...: the argv (argv[0] the path it ran as), NUL-separated, in calls/PROG.NAME
# (the last call), and "PROG ARGS" (argv[0] left out) as one line per call in calls.log
record() {
    _prog=$1; _name=$2; shift 2
    printf '%s\0' "$@" > "$D/calls/$_prog.$_name.tmp" && mv "$D/calls/$_prog.$_name.tmp" "$D/calls/$_prog.$_name"
    shift
    echo "$_prog $*" >> "$D/calls.log"
}

# fail_on_demand PROG NAME: a test's fail/PROG (or fail/PROG.NAME) file makes the call fail with its text
fail_on_demand() {
    for _f in "$D/fail/$1.$2" "$D/fail/$1"; do
        if [ -f "$_f" ]; then
            cat "$_f" >&2
            exit 1
        fi
    done
}
