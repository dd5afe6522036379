#!/usr/bin/env bash
# Whole-process benchmark: the sample book, a generated 100,000-word book and a
# generated 1,000,000-word book (200 stories × 5,000 words), each built as EPUB
# only, PDF only and both, in a release build. Prints a Markdown table of medians
# over RUNS runs (default 5): wall time (to the millisecond), CPU time (user +
# system, to the hundredth: GNU time's resolution) and peak memory.
#
#   scripts/bench.sh            # all three sizes
#   RUNS=3 scripts/bench.sh sample 100k
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(sample 100k 1M)
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 1; }

cargo build --release --quiet --bin folio --example gen-corpus
FOLIO=$PWD/target/release/folio
WORK=${BENCH_DIR:-${TMPDIR:-/tmp}/folio-bench}
mkdir -p "$WORK"

book_dir() {
  case $1 in
    sample) echo "$PWD" ;;
    100k) gen 20 5000 ;;
    1M) gen 200 5000 ;;
    *) echo "unknown size $1 (sample, 100k, 1M)" >&2; exit 1 ;;
  esac
}

gen() {
  local dir=$WORK/gen-$1x$2
  [ -f "$dir/book.toml" ] || ./target/release/examples/gen-corpus --stories "$1" --words "$2" "$dir" >/dev/null
  echo "$dir"
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "| book | output | wall (s) | CPU (s) | peak memory (MiB) |"
echo "|---|---|---:|---:|---:|"
for size in "${SIZES[@]}"; do
  dir=$(book_dir "$size")
  out=$WORK/out-$size
  for formats in --epub --pdf both; do
    flags=()
    [ "$formats" = both ] || flags=("$formats")
    : > "$WORK/runs"
    for _ in $(seq "$RUNS"); do
      # Wall time from the shell's clock (GNU time's has only hundredths of a
      # second), in its own run; CPU time and memory from GNU time.
      start=$EPOCHREALTIME
      SOURCE_DATE_EPOCH=0 "$FOLIO" build "$dir" --out "$out" --quiet "${flags[@]}"
      end=$EPOCHREALTIME
      SOURCE_DATE_EPOCH=0 "$TIME" -f "%U %S %M" -o "$WORK/one" \
        "$FOLIO" build "$dir" --out "$out" --quiet "${flags[@]}"
      echo "$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.4f", b - a}') $(cat "$WORK/one")" >> "$WORK/runs"
    done
    wall=$(awk '{printf "%.3f\n", $1}' "$WORK/runs" | median)
    cpu=$(awk '{printf "%.2f\n", $2 + $3}' "$WORK/runs" | median)
    mem=$(awk '{printf "%.0f\n", $4 / 1024}' "$WORK/runs" | median)
    label=${formats#--}
    echo "| $size | ${label^^} | $wall | $cpu | $mem |"
  done
done
