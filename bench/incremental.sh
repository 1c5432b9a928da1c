#!/usr/bin/env bash
# Incremental runs over a large state: process >= 100,000 articles once, then time runs
# with no new input (target: <= 1 s) and with one new small file.
#
# usage: bench/incremental.sh            (env: BILAT_BIN, BILAT_SHARED, BENCH_TMP, COPIES)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED="${BILAT_SHARED:-$ROOT/../shared}"
BIN="${BILAT_BIN:-}"
if [ -z "$BIN" ]; then
  (cd "$ROOT" && cargo build --release -q)
  BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/bilat"
fi
COPIES="${COPIES:-6}"
TMP=$(mktemp -d "${BENCH_TMP:-/tmp}/bilat-incr.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/in"
python3 - "$SHARED/corpora/reuters21578.jsonl.gz" "$TMP/in/feed.jsonl" "$COPIES" <<'PY'
import gzip, json, sys
src, dst, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
n = 0
with open(dst, "w", encoding="utf-8") as out:
    for c in range(k):
        for line in gzip.open(src, "rt", encoding="utf-8"):
            rec = json.loads(line)
            if not (rec.get("body") or "").strip():
                continue
            rec["id"] = f"{rec['id']}-r{c}"
            # a distinct text per copy (bilat still marks copies 2..K as near duplicates;
            # the state covers every article either way)
            rec["body"] = rec["body"] + f"\n(copy {c})"
            out.write(json.dumps(rec) + "\n")
            n += 1
print(f"articles in state: {n}")
PY
t() { /usr/bin/time -f "%e s wall, %M KB peak RSS" "$@" 2>&1 | tail -1; }
echo "first run (everything new):   $(t "$BIN" run --quiet --input "$TMP/in" --output "$TMP/out" --reference-date 2026-11-27)"
for i in 1 2 3; do
  echo "no new input, run $i:         $(t "$BIN" run --quiet --input "$TMP/in" --output "$TMP/out" --reference-date 2026-11-27)"
done
printf '{"id":"new-1","title":"Chile and Peru sign a fisheries accord","body":"Chile and Peru signed a fisheries accord on Monday.","date":"2026-11-02"}\n' > "$TMP/in/new.jsonl"
echo "one new file:                 $(t "$BIN" run --quiet --input "$TMP/in" --output "$TMP/out" --reference-date 2026-11-27)"
python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print('manifest:', m['inputs'], m['files'])" "$TMP/out/manifest.json"
