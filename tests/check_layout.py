#!/usr/bin/env python3
"""Checks widget dumps (kiosk `dump`) against the foundation's numbers:
tap targets at least 88x88 px, primary buttons at least 120 px tall, text
at least 36 px (titles 56 px), contrast at least 7:1, everything on screen,
no text overflowing its box (the renderer's own measure, "clipped"),
no two tap targets overlapping, and in English no Chinese left in texts the
kiosk wrote itself.  Usage: check_layout.py [--min-contrast N] WIDTH HEIGHT
DUMP.json...  --min-contrast raises the 7:1 floor (10 for the high-contrast
theme).  Prints one line per problem; exit 1 when there is any."""
import json
import re
import sys

PRIMARY = {"home.request", "home.book", "nav.next", "review.confirm", "ticket.done", "keypad.ok",
           "idle.continue"}
# Widgets that show what the resident typed or the site configured (names,
# addresses): they may hold Chinese in English mode.
USER_TEXT = {"describe.field", "details.name", "review.description", "review.name",
             "review.address", "details.address", "home.title", "staff.entry", "person.name",
             "pin.name", "detail.phone", "detail.description", "detail.address", "detail.events",
             "detail.assignee", "staff.title", "today.message", "staff.message",
             "review.person", "progress.note", "progress.handler"}
# The input panel: candidates are Chinese whatever the kiosk's language, and
# so is the punctuation of the Chinese keyboard's symbols page.
IME_CHINESE = {"ime.comma", "ime.period", "ime.question", "ime.exclaim", "ime.pause",
               "ime.colon", "ime.semicolon", "ime.lquote", "ime.rquote", "ime.lparen",
               "ime.rparen"}
CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]")


def lum(hexcol):
    def ch(v):
        c = v / 255.0
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hexcol[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)


def contrast(a, b):
    la, lb = sorted((lum(a), lum(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def overlap(a, b):
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah


def check(path, width, height, min_contrast=7.0):
    problems = []
    d = json.load(open(path))
    lang = d["lang"]
    widgets = d["widgets"]
    # Only what is above the topmost panel that covers the screen is reachable.
    top = 0
    for i, w in enumerate(widgets):
        if w["role"] == "panel" and w["rect"][2] >= width and w["rect"][3] >= height:
            top = i
    live = widgets[top:]
    for w in live:
        wid, (x, y, ww, hh) = w["id"], w["rect"]
        where = "%s %s" % (d["screen"], wid)
        if x < 0 or y < 0 or x + ww > width or y + hh > height:
            problems.append("%s: off screen %s" % (where, w["rect"]))
        if w["text"] and w["role"] != "image":
            floor = 56 if w["role"] == "title" else 36
            if w["font_px"] < floor:
                problems.append("%s: text %d px < %d" % (where, w["font_px"], floor))
            c = contrast(w["fg"], w["bg"])
            if c < min_contrast:
                problems.append("%s: contrast %.2f < %g (%s on %s)" % (where, c, min_contrast,
                                                                       w["fg"], w["bg"]))
            # people's names and what residents typed may be Chinese
            user = wid in USER_TEXT or wid in IME_CHINESE or wid.startswith(
                ("staff_pick.", "queue.row.", "today.row.", "assignee.", "ime.cand.", "stats.person."))
            if lang == "en" and not user and CJK.search(w["text"]) and wid != "home.lang":
                problems.append("%s: Chinese text in English mode: %r" % (where, w["text"]))
        if w.get("clipped"):
            problems.append("%s: text does not fit its box: %r" % (where, w["text"]))
        if w["role"] in ("button", "field") and w["enabled"]:
            if ww < 88 or hh < 88:
                problems.append("%s: tap target %dx%d < 88x88" % (where, ww, hh))
            if wid in PRIMARY and hh < 120:
                problems.append("%s: primary button %d px tall < 120" % (where, hh))
            if not w["text"] and wid != "ime.pad":  # the pad shows ink, not text
                problems.append("%s: a button without text" % where)
    # Nothing overlaps anything else; panels and the header are backgrounds.
    solid = [w for w in live if w["role"] not in ("panel",)]
    for i, a in enumerate(solid):
        for b in solid[i + 1:]:
            if overlap(a["rect"], b["rect"]):
                problems.append("%s: %s overlaps %s" % (d["screen"], a["id"], b["id"]))
    return problems


def main():
    args = sys.argv[1:]
    min_contrast = 7.0
    if args[:1] == ["--min-contrast"]:
        min_contrast = float(args[1])
        args = args[2:]
    width, height = int(args[0]), int(args[1])
    problems = []
    for path in args[2:]:
        problems += ["%s: %s" % (path.rsplit("/", 1)[-1], p)
                     for p in check(path, width, height, min_contrast)]
    for p in problems:
        print(p)
    print("%d dumps checked, %d problems" % (len(args) - 2, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
