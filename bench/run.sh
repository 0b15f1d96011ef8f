#!/usr/bin/env bash
# Times whatsnext on generated corpora of 10,000 and 100,000 watch-items against the
# "floor" (a bare walk + read + serde/toml parse + date classification on 2 threads).
#
#   bench/run.sh                  # everything
#   bench/run.sh check due        # only these commands (floor is always measured)
#   commands: check status due digest digest_all resolve; each on the usual corpora
#   (c10k, c100k) and the varied ones (v10k, v100k: gen --varied)
#
# Environment: RUNS (hyperfine runs per command, default 10), WARMUP (default 2),
# BENCH_DIR (corpora and results, default /tmp/whatsnext-bench),
# CARGO_TARGET_DIR (default <repo>/target), BENCH_TODAY (default 2025-08-14).
# Needs hyperfine and GNU time (`apt-get install -y hyperfine time`).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
DIR=${BENCH_DIR:-/tmp/whatsnext-bench}
TODAY=${BENCH_TODAY:-2025-08-14}
WEEK=2025-W33
RUNS=${RUNS:-10}
WARMUP=${WARMUP:-2}
SEED=1
ALL=(check status due digest digest_all resolve)
WANTED=("$@")
[ ${#WANTED[@]} -eq 0 ] && WANTED=("${ALL[@]}")

missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
    echo "run.sh: missing ${missing[*]}; install with: apt-get install -y ${missing[*]}" >&2
    exit 2
fi

echo "== machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
    "$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)," \
    "load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== building (release) into $TARGET"
export CARGO_TARGET_DIR=$TARGET
cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
cargo build --release --quiet --manifest-path "$ROOT/bench/Cargo.toml"
WN=$TARGET/release/whatsnext
GEN=$TARGET/release/gen
FLOOR=$TARGET/release/floor

mkdir -p "$DIR"
# corpus NAME FILES [GEN FLAGS]: generate DIR/NAME (and NAME.meta) unless it is
# there and newer than the generator.
corpus() {
    local name=$1 files=$2
    shift 2
    if [ ! -f "$DIR/$name.meta" ] || [ "$GEN" -nt "$DIR/$name.meta" ]; then
        rm -rf "${DIR:?}/$name" "$DIR/$name.meta" "${DIR:?}/$name-edit"
        "$GEN" --seed "$SEED" --files "$files" --items-per-file 5 --out "$DIR/$name" \
            --meta "$DIR/$name.meta" --now "$TODAY" "$@"
    fi
    # The edit benchmark works on a copy, restored file by file between runs.
    [ -d "$DIR/$name-edit" ] || cp -r "$DIR/$name" "$DIR/$name-edit"
}
echo "== corpora in $DIR"
corpus c10k 2000
corpus c100k 20000
# The varied mix (more multi-outcome forecasts, long titles, many dropped and moot
# items, datetimes), so that no figure holds only for the generator's usual mix.
corpus v10k 2000 --varied
corpus v100k 20000 --varied
meta() { sed -n "s/^$2=//p" "$DIR/$1.meta"; }

# Run from the corpus folder so no whatsnext.toml of the repository applies.
cd "$DIR"
RESULTS=$DIR/results.tsv
: >"$RESULTS"

# measure LABEL CORPUS CMD... : hyperfine mean/stddev, then peak RSS from GNU time.
# A command that exits 2 (usage error: not implemented yet) is skipped; any other
# non-zero exit is reported and still timed.
measure() {
    local label=$1 name=$2
    shift 2
    local prepare=()
    # Every command is timed right after the floor, in the same hyperfine call,
    # and its ratio uses that floor: both see the same load on a shared machine.
    local floor_cmd=()
    if [ "$label" != floor ]; then
        floor_cmd=("$(printf '%q ' "$FLOOR" --today "$TODAY" "$DIR/$name")")
    fi
    if [ "$label" = resolve ]; then
        local orig edit
        orig=$(meta "$name" resolve_file)
        edit=${orig/$DIR\/$name\//$DIR\/$name-edit\/}
        cp "$orig" "$edit"
        prepare=(--prepare true --prepare "$(printf '%q ' cp "$orig" "$edit")")
    fi
    local rc=0
    "$@" >"$DIR/out.txt" 2>"$DIR/err.txt" || rc=$?
    if [ "$label" = resolve ]; then cp "$orig" "$edit"; fi
    if [ $rc -eq 2 ] || grep -q "not available in this build" "$DIR/err.txt"; then
        printf '%-8s %-6s skipped: %s\n' "$label" "$name" "$(head -c 120 "$DIR/err.txt" | head -1)"
        return
    fi
    if [ $rc -ne 0 ]; then
        echo "!! $label on $name exits $rc; first lines of stderr:"
        head -5 "$DIR/err.txt" | sed 's/^/   /'
        echo "   ($(wc -l <"$DIR/err.txt") lines on stderr)"
    fi
    hyperfine -N -i --style none --warmup "$WARMUP" --runs "$RUNS" "${prepare[@]}" \
        --export-csv "$DIR/h.csv" -- "${floor_cmd[@]}" "$(printf '%q ' "$@")" >/dev/null
    # hyperfine's CSV: command,mean,stddev,median,user,system,min,max; ours is last.
    local mean sd min cpu floor_min
    mean=$(awk -F, 'END {print $2}' "$DIR/h.csv")
    sd=$(awk -F, 'END {print $3}' "$DIR/h.csv")
    min=$(awk -F, 'END {print $7}' "$DIR/h.csv")
    cpu=$(awk -F, 'END {print $5 + $6}' "$DIR/h.csv")
    floor_min=$(awk -F, 'NR==2 {print $7}' "$DIR/h.csv")
    local rss
    /usr/bin/time -o "$DIR/rss.txt" -f '%M' "$@" >/dev/null 2>&1 || true
    rss=$(tail -1 "$DIR/rss.txt")
    if [ "$label" = resolve ]; then cp "$orig" "$edit"; fi
    # The varied corpora's rows are labelled apart: LABEL@varied, c10k / c100k.
    local row=$label corpus=$name
    if [ "${name#v}" != "$name" ]; then row=$label@varied corpus=c${name#v}; fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$row" "$corpus" "$mean" "$sd" "$min" "$cpu" "$rss" "$rc" "$floor_min" >>"$RESULTS"
    printf '%-8s %-6s mean %7.3f s ± %.3f  min %7.3f s  cpu %7.3f s  peak RSS %6.1f MiB  exit %s  (floor beside it: %.3f s)\n' \
        "$label" "$name" "$mean" "$sd" "$min" "$cpu" "$(echo "$rss" | awk '{print $1/1024}')" "$rc" "$floor_min"
}

run_cmd() {
    local label=$1 name=$2
    local sc=$DIR/$name
    local g=(--scenarios "$sc" --today "$TODAY" --color never)
    case $label in
        floor) measure floor "$name" "$FLOOR" --today "$TODAY" "$sc" ;;
        check) measure check "$name" "$WN" "${g[@]}" check ;;
        status) measure status "$name" "$WN" "${g[@]}" status --format json ;;
        due) measure due "$name" "$WN" "${g[@]}" due ;;
        digest) measure digest "$name" "$WN" "${g[@]}" digest --week "$WEEK" ;;
        digest_all) measure digest_all "$name" "$WN" "${g[@]}" digest --week "$WEEK" --all ;;
        resolve)
            local e=(--scenarios "$DIR/$name-edit" --today "$TODAY" --color never)
            measure resolve "$name" "$WN" "${e[@]}" resolve "$(meta "$name" resolve_ref)" \
                --outcome "$(meta "$name" resolve_outcome)" --on "$TODAY" --note "Benchmark resolution."
            ;;
    esac
}

echo "== timing (hyperfine: $WARMUP warm-up + $RUNS runs each; today $TODAY)"
for name in c10k c100k v10k v100k; do
    for label in floor "${WANTED[@]}"; do
        run_cmd "$label" "$name"
    done
done

echo
echo "== summary (wall times are the best of the runs; load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
awk -F'\t' '
    { k = $1 "," $2; t[k] = $5; mean[k] = $3; cpu[k] = $6; rss[k] = $7; fl[k] = ($1 ~ /^floor/) ? $5 : $9; if (!seen[$1]++) order[n++] = $1 }
    END {
        lim["check"] = 1.3; lim["status"] = 1.5; lim["due"] = 1.3
        lim["digest"] = 1.3; lim["digest_all"] = 3.0; lim["resolve"] = 1.5
        mem["digest_all"] = 400
        printf "%-17s %8s %8s %9s %7s %8s %9s %8s  %s\n", "command", "10k (s)", "100k (s)", "100k mean", "/floor", "100k/10k", "cpu (s)", "RSS MiB", "targets"
        for (i = 0; i < n; i++) {
            c = order[i]; base = c; sub(/@varied$/, "", base)
            a = t[c ",c10k"]; b = t[c ",c100k"]; m = rss[c ",c100k"] / 1024
            f = fl[c ",c100k"]
            r = (f > 0) ? b / f : 0; lin = (a > 0) ? b / a : 0
            verdict = ""
            if (base in lim) verdict = sprintf("time %s (<= %.1fx)", (r <= lim[base]) ? "met" : "NOT met", lim[base])
            mb = rss[c ",c100k"] * 1024 / 1e6
            ml = (base in mem) ? mem[base] : 200
            if (base != "floor") verdict = verdict sprintf(", memory %s (%.0f < %d MB)", (mb < ml) ? "met" : "NOT met", mb, ml)
            if (base != "floor") verdict = verdict sprintf(", linear %s", (lin <= 12) ? "yes" : "NO")
            printf "%-17s %8.3f %8.3f %9.3f %6.2fx %7.2fx %9.3f %8.1f  %s\n", c, a, b, mean[c ",c100k"], r, lin, cpu[c ",c100k"], m, verdict
        }
    }' "$RESULTS"
echo
echo "(/floor is the 100k best time over the best time of the floor runs timed just before"
echo " it in the same hyperfine call; 100k/10k is 10x for perfectly linear"
echo " work, less when fixed start-up costs weigh in; 'linear' allows up to 12x, the cost"
echo " of a working set ten times larger; memory is checked against 200 MB = 200e6 bytes"
echo " (400 MB for digest --all); @varied rows are the varied corpora (gen --varied);"
echo " cpu is user + system time of the 100k run, a figure other load on the machine"
echo " disturbs less; raw figures in $RESULTS)"
