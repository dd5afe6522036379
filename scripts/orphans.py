# Widows and orphans of a Folio PDF, counted independently of typometer.
# usage: python3 scripts/orphans.py BOOK.pdf FIRST_PAGE   (PyMuPDF; 11 pt body, 6x9 in)
# A paragraph starts where its line is indented against the text block's edge for
# pages of that parity across the whole book (typometer takes each page's own most
# common edge, which on a page of one-line dialogue paragraphs is the indent, and
# then reports the line before it as an orphan). A page that opens a chapter (its
# first line below the top of the block) continues no paragraph.
import sys, fitz, collections
doc = fitz.open(sys.argv[1]); first = int(sys.argv[2]) - 1
pages = []
for pn in range(first, len(doc)):
    lines = []
    for b in doc[pn].get_text('dict')['blocks']:
        for l in b.get('lines', []):
            x0, y0, x1, y1 = l['bbox']
            size = max(s['size'] for s in l['spans'])
            text = ''.join(s['text'] for s in l['spans']).strip()
            if 40 < y0 < 590 and abs(size - 11) < 0.5 and text:
                lines.append((round(y0, 1), x0, x1, text))
    lines.sort()
    pages.append((pn, lines))
edge = {0: min(l[1] for pn, ls in pages if pn % 2 == 0 for l in ls),
        1: min(l[1] for pn, ls in pages if pn % 2 == 1 for l in ls)}
ind = lambda pn, l: l[1] - edge[pn % 2] > 5
orphans = widows = 0
for (pn, ls), (pn2, ls2) in zip(pages, pages[1:]):
    if not ls or not ls2: continue
    last, nxt = ls[-1], ls2[0]
    cont = not ind(pn2, nxt) and nxt[0] < 60 and last[0] > 400   # full pages, next opens mid-paragraph
    if cont and ind(pn, last) and (len(ls) < 2 or True):
        orphans += 1; print('orphan p', pn + 1, last[3][:50])
    if cont and (len(ls2) == 1 or ind(pn2, ls2[1])):
        widows += 1; print('widow p', pn2 + 1, nxt[3][:50])
print('edges', edge, 'orphans', orphans, 'widows', widows)
