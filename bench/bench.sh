#!/usr/bin/env bash
# bilat vs the Python peer (peer_regex.py) on Reuters-21578, plus bilat's scaling at 1×/10×/100×.
# Usage: bench/bench.sh            (from anywhere; see bench/README.md for the env vars)
set -euo pipefail

die() { echo "bench: error: $*" >&2; exit 1; }
say() { echo "bench: $*" >&2; }

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)

SHARED_IN=${BILAT_SHARED:-$ROOT/../shared}
[[ -d $SHARED_IN ]] || die "shared folder not found: $SHARED_IN (set BILAT_SHARED)"
SHARED=$(cd "$SHARED_IN" && pwd)
CORPUS=$SHARED/corpora/reuters21578.jsonl.gz
PEER=$SHARED/peers/peer_regex.py
REQS=$SHARED/peers/requirements.txt
RUNS=${BENCH_RUNS:-3}
SCALE_RUNS=${BENCH_SCALE_RUNS:-$RUNS}
QUICK=${BENCH_QUICK:-0}
REF_DATE=${BENCH_REFERENCE_DATE:-2026-11-27}
VENV=${BENCH_VENV:-$HERE/.venv}
RESULTS_MD=${BENCH_RESULTS:-$HERE/results.md}

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer, got '$RUNS'"
[[ $SCALE_RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_SCALE_RUNS must be a positive integer, got '$SCALE_RUNS'"
(( RUNS >= 3 )) || say "warning: BENCH_RUNS=$RUNS (< 3); medians will be noisy"
[[ -f $CORPUS ]] || die "corpus not found: $CORPUS"
[[ -f $PEER ]] || die "peer not found: $PEER"
[[ -f $REQS ]] || die "peer requirements not found: $REQS"
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) is required: apt-get install time"
command -v python3 >/dev/null || die "python3 is required"

if [[ $QUICK == 1 ]]; then SCALES=(1 10); else SCALES=(1 10 100); fi

# Scratch space: inputs (100× is about 2.1 GB), outputs, logs. Removed on exit.
BENCH_TMP=${BENCH_TMP:-${TMPDIR:-/tmp}}
mkdir -p "$BENCH_TMP"
WORK=$(mktemp -d "$BENCH_TMP/bilat-bench.XXXXXX")
cleanup() {
  if [[ ${BENCH_KEEP:-0} == 1 ]]; then say "kept scratch dir $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
need_gb=$([[ $QUICK == 1 ]] && echo 1 || echo 3)
free_kb=$(df -Pk "$WORK" | awk 'NR==2 {print $4}')
(( free_kb > need_gb * 1024 * 1024 )) || die "need about ${need_gb} GB free in $BENCH_TMP (set BENCH_TMP), have $((free_kb / 1024)) MB"
say "scratch dir $WORK"

# --- bilat binary: build it (or take BILAT_BIN), then copy it so a concurrent build into a
# shared target dir cannot swap it under us.
mkdir -p "$WORK/bin"
if [[ -n ${BILAT_BIN:-} ]]; then
  [[ -x $BILAT_BIN ]] || die "BILAT_BIN is not an executable: $BILAT_BIN"
  cp "$BILAT_BIN" "$WORK/bin/bilat"
  BILAT_FROM="BILAT_BIN=$BILAT_BIN"
else
  command -v cargo >/dev/null || die "cargo not found (or set BILAT_BIN to a built binary)"
  TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
  # The binary's debug info names the directory it was compiled in. With a target dir
  # shared by several checkouts, cargo can call another checkout's fresh build "fresh" for
  # this one too; then touch this checkout's crate roots so cargo recompiles bilat from here.
  built_from() {  # here | other | unknown
    command -v strings >/dev/null || { echo unknown; return; }
    strings -n 4 "$1" | awk -v r="$ROOT" -v rr="$(realpath "$ROOT")" '
      $0 == "src/cmd/run.rs" {d = 1} $0 == r || $0 == rr {m = 1}
      END {print (m ? "here" : (d ? "other" : "unknown"))}'
  }
  for attempt in 1 2 3; do
    say "building bilat (cargo build --release, target dir $TARGET)"
    (cd "$ROOT" && cargo build --release --quiet) || die "cargo build failed"
    cp "$TARGET/release/bilat" "$WORK/bin/bilat"
    from=$(built_from "$WORK/bin/bilat")
    [[ $from == here ]] && break
    if [[ $from == unknown ]]; then
      say "warning: cannot check which checkout the binary was built from (no debug info or no 'strings')"
      break
    fi
    (( attempt < 3 )) || die "$TARGET/release/bilat keeps coming from another checkout; build into a private CARGO_TARGET_DIR or set BILAT_BIN"
    say "the binary in $TARGET was built from another checkout; forcing a rebuild of bilat from $ROOT"
    touch "$ROOT/src/lib.rs" "$ROOT/src/main.rs"
  done
  BILAT_FROM="cargo build --release in $ROOT; compiled-in path check: $from"
fi
BILAT=$WORK/bin/bilat
BILAT_VERSION=$("$BILAT" --version)

# --- peer venv (idempotent: reinstalls only when requirements.txt changes)
if [[ ! -x $VENV/bin/python ]]; then
  say "creating venv $VENV"
  python3 -m venv "$VENV" || die "python3 -m venv failed (apt-get install python3-venv?)"
fi
REQ_SUM=$(sha256sum "$REQS" | cut -d' ' -f1)
if [[ ! -f $VENV/.requirements.sha256 || $(cat "$VENV/.requirements.sha256") != "$REQ_SUM" ]]; then
  say "installing peer requirements into $VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip || die "pip upgrade failed"
  "$VENV/bin/python" -m pip install --quiet -r "$REQS" || die "pip install -r $REQS failed"
  echo "$REQ_SUM" > "$VENV/.requirements.sha256"
fi
PY=$VENV/bin/python
"$PY" -c 'import country_converter, vaderSentiment, polars, pandas' 2>/dev/null \
  || die "peer dependencies do not import in $VENV; remove it and rerun"
PEER_VERSIONS=$("$PY" -c 'import importlib.metadata as m; print(", ".join(f"{p} {m.version(p)}" for p in ["country_converter","vaderSentiment","polars","pandas","pyarrow"]))')

# --- inputs
say "decompressing $CORPUS"
gzip -dc "$CORPUS" > "$WORK/reuters_x1.jsonl"
python3 "$HERE/prepare.py" stats "$WORK/reuters_x1.jsonl" > "$WORK/stats.json"
say "input: $(cat "$WORK/stats.json")"

# --- other load on the machine. The box may be shared (e.g. builds from other worktrees):
# before each run wait until the CPUs are quiet, and record how much CPU other processes
# burnt during each run, so noisy figures are visible in the report.
MAX_BUSY=${BENCH_MAX_BUSY:-25}   # percent of all CPUs busy that counts as "quiet"
WAIT_MAX=${BENCH_WAIT_MAX:-300}  # seconds to wait for quiet before running anyway
[[ $MAX_BUSY =~ ^[0-9]+$ && $WAIT_MAX =~ ^[0-9]+$ ]] || die "BENCH_MAX_BUSY and BENCH_WAIT_MAX must be integers"
CLK_TCK=$(getconf CLK_TCK)
cpu_jiffies() { awk '/^cpu / {t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t}' /proc/stat; }
cpu_busy_pct() {  # machine-wide busy percent over one second
  local b0 t0 b1 t1
  read -r b0 t0 < <(cpu_jiffies); sleep 1; read -r b1 t1 < <(cpu_jiffies)
  echo $(( (b1 - b0) * 100 / (t1 - t0 > 0 ? t1 - t0 : 1) ))
}
wait_quiet() {
  (( MAX_BUSY >= 100 )) && return 0
  local waited=0 busy
  while busy=$(cpu_busy_pct); (( busy > MAX_BUSY )); do
    if (( waited >= WAIT_MAX )); then
      say "  warning: CPUs still ${busy}% busy after ${WAIT_MAX}s; running anyway"
      return 0
    fi
    (( waited == 0 )) && say "  CPUs ${busy}% busy with other work; waiting for < ${MAX_BUSY}% (up to ${WAIT_MAX}s)"
    sleep 4; waited=$((waited + 5))
  done
}

# --- measurement: run_timed TOOL SCALE RUN OUTDIR CMD... clears OUTDIR, runs CMD under
# /usr/bin/time -v and appends "tool scale run wall_s rss_kb user_s sys_s others_cpu_s discarded"
# to results.tsv. A run during which other processes used more than MAX_OTHERS percent of
# the machine's CPU (wall × nproc) is discarded and repeated, at most RETRIES times.
MAX_OTHERS=${BENCH_MAX_OTHERS:-10}
RETRIES=${BENCH_RETRIES:-2}
[[ $MAX_OTHERS =~ ^[0-9]+$ && $RETRIES =~ ^[0-9]+$ ]] || die "BENCH_MAX_OTHERS and BENCH_RETRIES must be integers"
NPROC=$(nproc)
RESULTS=$WORK/results.tsv
: > "$RESULTS"
run_timed() {
  local tool=$1 scale=$2 run=$3 outdir=$4; shift 4
  local tf=$WORK/time-$tool-x$scale-$run.txt log=$WORK/log-$tool-x$scale-$run.txt
  local b0 t0 b1 t1 wall rss user sys others noisy discarded=0
  local tag="$tool ×$scale run $run/$(( scale == 1 ? RUNS : SCALE_RUNS ))"
  while :; do
    rm -rf "$outdir"; mkdir -p "$outdir"
    wait_quiet
    read -r b0 t0 < <(cpu_jiffies)
    if ! /usr/bin/time -v -o "$tf" "$@" > "$log" 2>&1; then
      echo "---- $tag failed; command: $*" >&2
      tail -n 20 "$log" >&2
      [[ -f $tf ]] && grep -E 'status|signal' "$tf" >&2
      die "$tag failed (log above)"
    fi
    read -r b1 t1 < <(cpu_jiffies)
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$tf" \
           | awk -F: '{s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s}')
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tf")
    user=$(awk -F': ' '/User time \(seconds\)/ {print $2}' "$tf")
    sys=$(awk -F': ' '/System time \(seconds\)/ {print $2}' "$tf")
    [[ -n $wall && -n $rss && -n $user && -n $sys ]] || die "could not parse /usr/bin/time output $tf"
    others=$(awk -v b="$((b1 - b0))" -v hz="$CLK_TCK" -v u="$user" -v s="$sys" \
             'BEGIN {o = b / hz - u - s; printf "%.2f", (o < 0 ? 0 : o)}')
    noisy=$(awk -v o="$others" -v w="$wall" -v n="$NPROC" -v m="$MAX_OTHERS" \
            'BEGIN {print (o * 100 > m * w * n) ? 1 : 0}')
    if [[ $noisy == 1 ]] && (( discarded < RETRIES )); then
      discarded=$((discarded + 1))
      say "  $tag: ${wall} s wall but other processes used $others CPU s meanwhile; discarding, repeating ($discarded/$RETRIES)"
      continue
    fi
    break
  done
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$tool" "$scale" "$run" "$wall" "$rss" "$user" "$sys" "$others" "$discarded" >> "$RESULTS"
  say "  $tag: ${wall} s wall, $user+$sys s CPU, peak RSS $((rss / 1024)) MiB (other processes: $others CPU s)"
}

run_bilat() {  # SCALE RUN INPUT
  local out=$WORK/out-bilat
  run_timed bilat "$1" "$2" "$out" "$BILAT" run --input "$3" --output "$out" --quiet --reference-date "$REF_DATE"
  cp "$out/manifest.json" "$WORK/manifest-x$1.json"
}

run_peer() {  # RUN INPUT
  local out=$WORK/out-peer
  run_timed peer 1 "$1" "$out" "$PY" "$PEER" "$2" --out "$out/peer"
  cp "$out/peer_stats.json" "$WORK/peer_stats.json"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
say "head to head on 1× ($RUNS run(s) each, alternating bilat and peer)"
for ((r = 1; r <= RUNS; r++)); do
  run_bilat 1 "$r" "$WORK/reuters_x1.jsonl"
  run_peer "$r" "$WORK/reuters_x1.jsonl"
done

# bilat's 1× scaling row reuses the head-to-head runs above.
for k in "${SCALES[@]}"; do
  (( k == 1 )) && continue
  in=$WORK/reuters_x$k.jsonl
  say "making ${k}× input"
  python3 "$HERE/prepare.py" replicate "$WORK/reuters_x1.jsonl" "$k" "$in"
  say "bilat on ${k}× ($(( $(stat -c %s "$in") / 1000000 )) MB file, $SCALE_RUNS run(s))"
  for ((r = 1; r <= SCALE_RUNS; r++)); do run_bilat "$k" "$r" "$in"; done
  rm -f "$in"
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- report
META=$WORK/meta.tsv
{
  printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf 'nproc\t%s\n' "$(nproc)"
  printf 'cpu\t%s\n' "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
  printf 'ram_kb\t%s\n' "$(awk '/^MemTotal/ {print $2}' /proc/meminfo)"
  printf 'kernel\t%s\n' "$(uname -sr)"
  printf 'load_before\t%s\n' "$LOAD_BEFORE"
  printf 'load_after\t%s\n' "$LOAD_AFTER"
  printf 'bilat\t%s (%s, commit %s%s)\n' "$BILAT_VERSION" "$BILAT_FROM" \
    "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')" \
    "$(git -C "$ROOT" diff --quiet HEAD -- src Cargo.toml Cargo.lock lexicons 2>/dev/null || echo ', src modified')"
  printf 'python\t%s\n' "$("$PY" -c 'import sys; print(sys.version.split()[0])')"
  printf 'peer_versions\t%s\n' "$PEER_VERSIONS"
  printf 'runs\t%s\n' "$RUNS"
  printf 'scale_runs\t%s\n' "$SCALE_RUNS"
  printf 'reference_date\t%s\n' "$REF_DATE"
  printf 'quick\t%s\n' "$QUICK"
  printf 'max_busy\t%s\n' "$MAX_BUSY"
  printf 'max_others\t%s\n' "$MAX_OTHERS"
  printf 'retries\t%s\n' "$RETRIES"
} > "$META"

python3 "$HERE/report.py" --work "$WORK" --out "$RESULTS_MD"
say "wrote $RESULTS_MD"
