#!/usr/bin/env bash
# Builds the manifest-loading fuzz target (libFuzzer with AddressSanitizer) and runs it for SECONDS (default 60).
#
#   Fuzz/run.sh [SECONDS] [libFuzzer options...]      e.g. Fuzz/run.sh 3600 -jobs=4 -workers=4
#
# Seeds are every manifest of manifests/ and examples/ (without what runs left in .switchboard/); the corpus the
# fuzzer grows is kept in Fuzz/.build/fuzz/corpus, so the next run goes on from there. Exit status: 0 when nothing
# was found; non-zero when an input crashed, tripped a sanitizer or a harness invariant, took longer than 30 s, or
# used more than 2 GiB. The input is then in Fuzz/.build/fuzz/artifacts/ (replay it: give its path instead of
# SECONDS; see docs/fuzzing.md).
set -uo pipefail
caller=$PWD

usage() {
    echo "usage: Fuzz/run.sh [SECONDS | INPUT...] [libFuzzer options...]" >&2
    exit 64
}

mode=fuzz
seconds=60
if [ $# -gt 0 ] && [ -f "$1" ]; then
    mode=replay
elif [ $# -gt 0 ]; then
    case "$1" in
        '' | *[!0-9]*) usage ;;
        *) seconds=$1; shift ;;
    esac
fi
cd "$(dirname "$0")"

work=.build/fuzz
mkdir -p "$work/corpus" "$work/artifacts"

echo "building the fuzz target (debug, -sanitize=fuzzer,address); log: Fuzz/$work/build.log"
if ! swift build -Xswiftc -sanitize=fuzzer,address > "$work/build.log" 2>&1; then
    # The gold linker warns once per sanitizer symbol it cannot export; those lines say nothing.
    grep -v "Cannot export local symbol" "$work/build.log" | tail -n 40 >&2
    echo "error: the fuzz target did not build" >&2
    exit 1
fi
binary=$(swift build -Xswiftc -sanitize=fuzzer,address --show-bin-path)/ManifestFuzzer
rm -rf "$work/seeds" "$work/tmp"
mkdir -p "$work/seeds" "$work/tmp"
find ../manifests ../examples -name .switchboard -prune -o -type f \( -name '*.yaml' -o -name '*.yml' \) -print |
    while read -r file; do
        name=${file#../}
        cp "$file" "$work/seeds/${name//\//_}"
    done

# libFuzzer's own handler reports a crash and saves the input; Swift's backtracer would take over the crash instead.
export SWIFT_BACKTRACE=enable=no
export LSAN_OPTIONS="suppressions=$PWD/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
# The target writes each input below this directory (one folder per process).
export TMPDIR="$PWD/$work/tmp"
options=(-dict=yaml.dict -timeout=30 -rss_limit_mb=2048 -artifact_prefix="$work/artifacts/" -print_final_stats=1)

if [ "$mode" = replay ]; then
    # Runs each input once and reports; the paths were given from where the script was called.
    inputs=()
    for argument in "$@"; do
        case "$argument" in
            -* | /*) inputs+=("$argument") ;;
            *) inputs+=("$caller/$argument") ;;
        esac
    done
    "$binary" "${options[@]}" "${inputs[@]}"
    exit $?
fi

log=$work/last-run.log
echo "fuzzing manifest loading for ${seconds}s ($(ls "$work/seeds" | wc -l) seeds, $(ls "$work/corpus" | wc -l) inputs in the corpus); log: Fuzz/$log"
"$binary" "${options[@]}" -max_total_time="$seconds" "$@" "$work/corpus" "$work/seeds" > "$log" 2>&1
status=$?
grep -E '^stat::' "$log" || true
if [ "$status" -ne 0 ]; then
    echo "error: the fuzzer found a problem (exit $status); its report:" >&2
    grep -n -m1 -E '==ERROR|^ERROR:|deadly signal|Fatal error|Precondition failed|ALARM|out-of-memory' "$log" >&2 || true
    tail -n 60 "$log" >&2
    echo "the input is in Fuzz/$work/artifacts/; replay it with: Fuzz/run.sh Fuzz/$work/artifacts/<file>" >&2
    exit "$status"
fi
echo "no crash in ${seconds}s"
