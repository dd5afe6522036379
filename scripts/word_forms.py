#!/usr/bin/env python3
"""Counts the words and distinct word forms of Folio books' stories.

    python3 scripts/word_forms.py BOOK_DIR...      (Python 3.11+: tomllib)

Per book: the stories' whitespace-separated tokens (as `folio build` counts words,
so a spaced dash counts), the words (runs of letters, inner hyphens and apostrophes
allowed) and their distinct forms, as written and lower-cased. Stories are the files
that book.toml's [[stories]] entries name, Markdown or plain text alike (Markdown
markup is not stripped: it is rare in these books and holds no letters).
"""

import re
import sys
import tomllib
from pathlib import Path

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def counts(book_dir):
    """(tokens, words, distinct forms, distinct lower-cased forms) of a book's stories."""
    book_dir = Path(book_dir)
    manifest = tomllib.loads((book_dir / "book.toml").read_text(encoding="utf-8"))
    tokens, words, forms = 0, 0, set()
    for story in manifest.get("stories", []):
        text = (book_dir / story["file"]).read_text(encoding="utf-8")
        tokens += len(text.split())
        found = WORD.findall(text)
        words += len(found)
        forms.update(found)
    return tokens, words, len(forms), len({w.lower() for w in forms})


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    print("| book | tokens | words | distinct forms | lower-cased |")
    print("|---|---:|---:|---:|---:|")
    for d in sys.argv[1:]:
        tokens, words, forms, lower = counts(d)
        print(f"| {d} | {tokens} | {words} | {forms} | {lower} |")


if __name__ == "__main__":
    main()
