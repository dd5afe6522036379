#!/usr/bin/env python3
"""Exports the most frequent word forms of English and Russian, with their frequencies,
from wordfreq's data into examples/data/words-LANG.tsv.gz, for examples/gen-corpus.rs.

    pip install wordfreq==3.1.1
    python3 scripts/export-wordfreq.py [--words 70000]

Each file is gzip (fixed header time, so the same data gives the same bytes): a few
`#` comment lines, then one `word<TAB>zipf` line per word, most frequent first, where
zipf is wordfreq's Zipf frequency (log10 of the occurrences per billion words, to
0.01). Only words spelled in the language's letters are kept (inner apostrophes and
hyphens allowed; English: Latin letters up to U+017F, Russian: а–я and ё), no
digits, and no single letters except the words a, i (English) and а в и к о с у я
(Russian). The list is cut at a frequency boundary: every word as frequent as the
last one kept is kept too (wordfreq's lists are alphabetical within a frequency).

The data is wordfreq's, under CC BY-SA 4.0: see examples/data/README.md.
"""

import argparse
import gzip
import io
import re
import sys
from pathlib import Path

from importlib.metadata import version

import wordfreq

OUT = Path(__file__).resolve().parent.parent / "examples" / "data"

LETTERS = {
    "en": "a-zß-öø-ÿ\u0100-\u017f",
    "ru": "а-яё",
}
SINGLE = {"en": set("ai"), "ru": set("авикосуя")}


def export(lang, count):
    letters = LETTERS[lang]
    ok = re.compile(f"[{letters}]+(?:['-][{letters}]+)*")
    freqs = wordfreq.get_frequency_dict(lang, "large")
    ranked = sorted(freqs.items(), key=lambda kv: (-kv[1], kv[0]))
    words = [(w, f) for w, f in ranked
             if ok.fullmatch(w) and (len(w) > 1 or w in SINGLE[lang])]
    last = words[count - 1][1]
    words = [(w, f) for w, f in words if f >= last]
    lines = [
        f"# wordfreq {version('wordfreq')} "
        f"'large' list for {lang!r}: the {len(words)} most frequent word forms",
        "# Data: CC BY-SA 4.0, Robyn Speer, wordfreq (see README.md beside this file)",
        "# Made by scripts/export-wordfreq.py; columns: word, Zipf frequency",
    ]
    lines += [f"{w}\t{wordfreq.zipf_frequency(w, lang, 'large'):.2f}" for w, _ in words]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path = OUT / f"words-{lang}.tsv.gz"
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(data)
    path.write_bytes(buf.getvalue())
    return path, len(words), len(data), len(buf.getvalue())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--words", type=int, default=70000,
                    help="about how many words per language (default: %(default)s)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    for lang in ("en", "ru"):
        path, n, raw, packed = export(lang, args.words)
        print(f"{path}: {n} words, {raw} bytes, {packed} gzipped", file=sys.stderr)


if __name__ == "__main__":
    main()
