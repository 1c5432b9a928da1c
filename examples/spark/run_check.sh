#!/usr/bin/env bash
# Run the Spark job on the Reuters corpus and check it against a plain `bilat run`.
#   examples/spark/run_check.sh [BILAT_BINARY] [SHARED_FOLDER]
# BILAT_BINARY defaults to target/release/bilat, SHARED_FOLDER to $BILAT_SHARED or ../shared.
# Needs Java (11 or 17) on PATH; pyspark comes from PyPI into $BILAT_VENV.
# BILAT_SPARK_MASTER (default local[2]) picks the Spark master.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BIN="$(realpath "${1:-$ROOT/target/release/bilat}")"
SHARED="$(cd "${2:-${BILAT_SHARED:-$ROOT/../shared}}" && pwd)"
INPUT="$SHARED/corpora/reuters21578.jsonl.gz"
REF=2026-11-27
MASTER="${BILAT_SPARK_MASTER:-local[2]}"

command -v java >/dev/null || { echo "run_check.sh: java not found (apt-get install openjdk-17-jre-headless)" >&2; exit 1; }
VENV="${BILAT_VENV:-$HOME/.cache/bilat-venv}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install -q -r "$HERE/requirements.txt"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
echo "== plain bilat run"
start=$EPOCHREALTIME
"$BIN" run --quiet --input "$INPUT" --output "$WORK/plain" --reference-date "$REF"
awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "plain run: %.2f s\n", b - a }'
echo "== spark ($MASTER)"
# PYSPARK_PYTHON: the executors' Python is the venv's, like the driver's.
PYSPARK_PYTHON="$VENV/bin/python" PYSPARK_DRIVER_PYTHON="$VENV/bin/python" \
  "$VENV/bin/python" "$HERE/bilat_spark.py" "$INPUT" "$WORK/spark" "$BIN" \
  --master "$MASTER" --reference-date "$REF" 2> "$WORK/spark.log" \
  || { cat "$WORK/spark.log" >&2; exit 1; }
echo "== equality check"
"$VENV/bin/python" "$HERE/check_equal.py" "$INPUT" "$WORK/plain" "$WORK/spark"
