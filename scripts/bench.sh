#!/usr/bin/env bash
# Whole-process benchmark: two real novels from the shared corpus (tom: Tom Sawyer,
# English, 70k words; anna: Anna Karenina, Russian, 281k words; made into books by
# scripts/corpus-books.py), the sample book, a generated 100,000-word book and a
# generated 1,000,000-word book (200 stories × 5,000 words; 100k-ru and 1M-ru are
# the same in Russian), each built as EPUB only, PDF only and both, in a release
# build. Prints a Markdown table of medians over RUNS runs (default 5): wall time
# (to the millisecond), words per second of wall time (words as `folio build --json`
# counts them), CPU time (user + system, to the hundredth: GNU time's resolution)
# and peak memory.
#
#   scripts/bench.sh            # tom anna sample 100k 1M
#   RUNS=3 scripts/bench.sh sample 100k
#   CORPUS=/path/to/corpus scripts/bench.sh tom   # default: ../shared/corpus
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(tom anna sample 100k 1M)
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 1; }

cargo build --release --quiet --bin folio --example gen-corpus
FOLIO=$PWD/target/release/folio
WORK=${BENCH_DIR:-${TMPDIR:-/tmp}/folio-bench}
mkdir -p "$WORK"

book_dir() {
  case $1 in
    tom) corpus tom-sawyer ;;
    anna) corpus anna-karenina ;;
    sample) echo "$PWD" ;;
    100k) gen 20 5000 en ;;
    1M) gen 200 5000 en ;;
    100k-ru) gen 20 5000 ru ;;
    1M-ru) gen 200 5000 ru ;;
    *) echo "unknown size $1 (tom, anna, sample, 100k, 1M, 100k-ru, 1M-ru)" >&2; exit 1 ;;
  esac
}

# Books are made once and kept in $WORK, in folders named after a hash of what made
# them, so a changed generator or corpus script never reuses an old book.
stamp() { cat "$@" | sha1sum | cut -c1-10; }

gen() {
  local dir=$WORK/gen-$1x$2-$3-$(stamp examples/gen-corpus.rs examples/data/words-"$3".tsv.gz)
  [ -f "$dir/book.toml" ] ||
    ./target/release/examples/gen-corpus --stories "$1" --words "$2" --language "$3" "$dir" >/dev/null
  echo "$dir"
}

corpus() {
  local dir=$WORK/corpus-$(stamp scripts/corpus-books.py scripts/word_forms.py)
  if [ ! -f "$dir/$1/book.toml" ]; then
    python3 scripts/corpus-books.py "$dir" --force ${CORPUS:+--corpus "$CORPUS"} >/dev/null 2>&1 ||
      { echo "scripts/corpus-books.py failed (is the corpus there? set CORPUS)" >&2; exit 1; }
  fi
  echo "$dir/$1"
}

# 1234567 -> 1,234,567
commas() { sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta'; }

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "| book | output | wall (s) | words/s | CPU (s) | peak memory (MiB) |"
echo "|---|---|---:|---:|---:|---:|"
for size in "${SIZES[@]}"; do
  dir=$(book_dir "$size")
  out=$WORK/out-$size
  # One build to count the words and pages (and warm the file cache).
  json=$(SOURCE_DATE_EPOCH=0 "$FOLIO" build "$dir" --out "$out" --json)
  words=$(echo "$json" | grep -o '"words": *[0-9]*' | grep -o '[0-9]*$')
  pages=$(echo "$json" | grep -o '"pdf_pages": *[0-9]*' | grep -o '[0-9]*$')
  name="$size ($(echo "$words" | commas) words, $pages pages)"
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
    rate=$(awk -v w="$words" -v t="$wall" 'BEGIN {printf "%.0f", w / t}' | commas)
    label=${formats#--}
    echo "| $name | ${label^^} | $wall | $rate | $cpu | $mem |"
  done
done
