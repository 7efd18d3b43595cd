#!/usr/bin/env python3
"""Checks widget dumps (kiosk `dump`) against the foundation's numbers:
tap targets at least 88x88 px, primary buttons at least 120 px tall, text
at least 36 px (titles 56 px), contrast at least 7:1, everything on screen,
no text overflowing its box (the renderer's own measure, "clipped"),
no two tap targets overlapping, and in English no Chinese left in texts the
kiosk wrote itself.  Where the screen's picture lies beside its dump (FILE.png or
FILE.json.png by FILE.json, the script's `shot`), the ink is measured from the pixels
against each widget's box too: no glyph past a box's edge (a letter growing
out of its key), and on a button or field no text touching its border.
A primary button is any button in the primary colour (blue), whatever its id.
Usage: check_layout.py [--known FILE] [--min-contrast N] WIDTH HEIGHT DUMP.json...
--min-contrast raises the 7:1 floor (10 for the high-contrast theme).
       check_layout.py [--known FILE] --larger DIR LARGE_DIR
compares the same screens' dumps without and with larger text: no text
smaller with larger text, body text (labels) larger, nothing left out (but
the rows of a list that scrolls or pages).
--known FILE: the problems listed there (as printed) are said, not counted.
Prints one line per problem; exit 1 when there is any."""
import json
import os
import re
import sys

# The primary buttons' colours (theme.c: primary_bg, plain and high contrast).
PRIMARY_BG = {"#0a4a85", "#002b5c"}
# Ink measured in the picture: how far outside a box ink is looked for, and
# how much room a button's text keeps from its border (beyond the border).
OUTSIDE = 4
LABEL_SLACK = 4
BORDER = 4
PADDING = 6
CORNER = 22
# Widgets that show what the resident typed or the site configured (names,
# addresses): they may hold Chinese in English mode.
USER_TEXT = {"describe.field", "details.name", "review.description", "review.name",
             "review.address", "details.address", "home.title", "staff.entry", "person.name",
             "pin.name", "detail.phone", "detail.description", "detail.address", "detail.events",
             "detail.assignee", "staff.title", "today.message", "staff.message",
             "review.person", "progress.note", "progress.handler", "card.name", "volunteer.name",
             # issue 22: project titles, owners, buildings, resources' names
             "progress.project", "project.title", "project.owner", "project.detail",
             "need.what", "need.title"}
USER_TEXT_RE = re.compile(r"^(project|need)\.\d+$|^resources\.row\.")  # issue 22: list rows
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
                ("staff_pick.", "queue.row.", "today.row.", "assignee.", "ime.cand.", "stats.person.",
                 "volunteer.approve.", "volunteer.close.")
            ) or USER_TEXT_RE.match(wid) is not None
            if lang == "en" and not user and CJK.search(w["text"]) and wid != "home.lang":
                problems.append("%s: Chinese text in English mode: %r" % (where, w["text"]))
        if w.get("clipped"):
            problems.append("%s: text does not fit its box: %r" % (where, w["text"]))
        if w["role"] in ("button", "field") and w["enabled"]:
            if ww < 88 or hh < 88:
                problems.append("%s: tap target %dx%d < 88x88" % (where, ww, hh))
            if w["role"] == "button" and w["bg"].lower() in PRIMARY_BG and hh < 120:
                problems.append("%s: primary button %d px tall < 120" % (where, hh))
            if not w["text"] and wid != "ime.pad":  # the pad shows ink, not text
                problems.append("%s: a button without text" % where)
    # Nothing overlaps anything else; panels and the header are backgrounds.
    solid = [w for w in live if w["role"] not in ("panel",)]
    for i, a in enumerate(solid):
        for b in solid[i + 1:]:
            if overlap(a["rect"], b["rect"]):
                problems.append("%s: %s overlaps %s" % (d["screen"], a["id"], b["id"]))
    # The nav bar is a panel, but nothing else may run under it.
    for bar in [w for w in live if w["id"] == "nav.bar"]:
        for w in live:
            if not w["id"].startswith("nav.") and w["role"] != "panel" and overlap(
                    w["rect"], bar["rect"]):
                problems.append("%s: %s runs under the nav bar" % (d["screen"], w["id"]))
    for png in (path + ".png", path[:-5] + ".png" if path.endswith(".json") else None):
        if png and os.path.exists(png):
            problems += check_ink(d["screen"], live, png, width, height)
            break
    return problems


def rgb(hexcol):
    return tuple(int(hexcol[i:i + 2], 16) for i in (1, 3, 5))


def check_ink(screen, live, png, width, height):
    """Ink of each widget's text colour where its text must not be: in a
    band just outside its box (except where another widget lies), and on a
    button or field in the band just inside its border."""
    import numpy as np
    from PIL import Image
    img = np.asarray(Image.open(png))[:, :, :3]
    problems = []
    if img.shape[0] != height or img.shape[1] != width:
        return ["%s: picture %dx%d, not %dx%d" % (png, img.shape[1], img.shape[0], width, height)]
    # Where another widget lies, its own ink is not this one's.
    taken = np.zeros((height, width), dtype=bool)
    for w in live:
        if w["role"] in ("panel", "title"):
            continue
        x, y, ww, hh = w["rect"]
        taken[max(y, 0):max(y + hh, 0), max(x, 0):max(x + ww, 0)] = True

    def ink(region, fg, back):
        """How many pixels of region are ink: near the text colour, much
        nearer than the background is (antialiased edges do not count)."""
        if region.size == 0:
            return 0
        far = sum((a - b) ** 2 for a, b in zip(back, fg))
        if far < 24 * 24:
            return 0
        d = ((region.astype(np.int32) - np.array(fg, dtype=np.int32)) ** 2).sum(axis=-1)
        return int((d < far * 0.09).sum())

    def dominant(region):
        flat = region.reshape(-1, 3)
        if flat.shape[0] == 0:
            return (0, 0, 0)
        keys = (flat[:, 0].astype(np.int64) << 16) | (flat[:, 1].astype(np.int64) << 8) | flat[:, 2]
        vals, counts = np.unique(keys, return_counts=True)
        k = int(vals[counts.argmax()])
        return (k >> 16, (k >> 8) & 255, k & 255)

    for w in live:
        if not w["text"] or w["role"] in ("image", "qr", "panel", "title"):
            continue
        x, y, ww, hh = w["rect"]
        fg = rgb(w["fg"])
        where = "%s %s" % (screen, w["id"])
        # outside: the four bands around the box, less other widgets' boxes;
        # a label's (no border) from a few pixels out, where a descender
        # in its line's spacing does not reach
        a, b = (LABEL_SLACK, LABEL_SLACK + OUTSIDE) if w["role"] == "label" else (0, OUTSIDE)
        bands = {"left": (y, y + hh, x - b, x - a), "right": (y, y + hh, x + ww + a, x + ww + b),
                 "top": (y - b, y - a, x, x + ww), "bottom": (y + hh + a, y + hh + b, x, x + ww)}
        for side, (y0, y1, x0, x1) in bands.items():
            y0, y1, x0, x1 = max(y0, 0), min(y1, height), max(x0, 0), min(x1, width)
            if y0 >= y1 or x0 >= x1:
                continue
            region = img[y0:y1, x0:x1]
            free = ~taken[y0:y1, x0:x1]
            if not free.any():
                continue
            n = ink(region[free], fg, dominant(region[free]))
            if n >= 3:
                problems.append("%s: ink past its box (%s, %d px)" % (where, side, n))
        if w["role"] not in ("button", "field") or ww < 2 * CORNER or hh < 2 * CORNER:
            continue
        # inside: the band within the border a button's text must keep clear
        a, b = BORDER, BORDER + PADDING
        bands = {"left": (y + CORNER, y + hh - CORNER, x + a, x + b),
                 "right": (y + CORNER, y + hh - CORNER, x + ww - b, x + ww - a),
                 "top": (y + a, y + b, x + CORNER, x + ww - CORNER),
                 "bottom": (y + hh - b, y + hh - a, x + CORNER, x + ww - CORNER)}
        for side, (y0, y1, x0, x1) in bands.items():
            y0, y1, x0, x1 = max(y0, 0), min(y1, height), max(x0, 0), min(x1, width)
            if y0 >= y1 or x0 >= x1:
                continue
            region = img[y0:y1, x0:x1].reshape(-1, 3)
            n = ink(region, fg, rgb(w["bg"]))
            if n >= 3:
                problems.append("%s: text touches its border (%s, %d px)" % (where, side, n))
    return problems


# Lists that scroll or page: with larger text fewer of their rows show.
PAGED = ("queue.row.", "today.row.", "today.checkin.", "slot.", "date.", "ime.cand.",
         "stats.person.", "assignee.")


def check_larger(plain_dir, large_dir):
    problems = []
    for name in sorted(os.listdir(plain_dir)):
        other = os.path.join(large_dir, name)
        if not name.endswith(".json") or not os.path.exists(other):
            continue
        a = {w["id"]: w for w in json.load(open(os.path.join(plain_dir, name)))["widgets"]}
        d = json.load(open(other))
        b = {w["id"]: w for w in d["widgets"]}
        for wid, w in a.items():
            if not w["text"] or w["role"] == "panel":
                continue
            where = "%s: %s %s" % (name, d["screen"], wid)
            if wid not in b:
                if not wid.startswith(PAGED):
                    problems.append("%s: left out with larger text" % where)
                continue
            x, y = w["font_px"], b[wid]["font_px"]
            if y < x:
                problems.append("%s: text %d px with larger text, %d px without" % (where, y, x))
            elif y == x and w["role"] == "label" and x < 56:  # body text, not a title's
                problems.append("%s: text stays %d px with larger text" % (where, x))
    return problems


def known_only(problems, known):
    """Problems listed in the known file (one a line, as printed less the
    ink's "(side, N px)", a final * for any ending, # for comments) are
    printed as known and not counted."""
    if not known:
        return problems
    skip = {l.strip() for l in open(known) if l.strip() and not l.startswith("#")}
    prefixes = tuple(k[:-1] for k in skip if k.endswith("*"))
    left = []
    for p in problems:
        bare = re.sub(r" \([a-z]+, \d+ px\)$", "", p)
        if bare in skip or (prefixes and bare.startswith(prefixes)):
            print("known: " + p)
        else:
            left.append(p)
    return left


def main():
    try:
        import numpy  # noqa: F401  (the ink check needs numpy and PIL)
        import PIL  # noqa: F401
    except ImportError:
        # a python of its own (pyenv, a venv) may hide Debian's packages
        system = "/usr/bin/python3"
        if os.path.realpath(sys.executable) != os.path.realpath(system) and os.path.exists(system):
            os.execv(system, [system] + sys.argv)
        raise
    args = sys.argv[1:]
    known = None
    if args[:1] == ["--known"]:
        known = args[1]
        args = args[2:]
    if args[:1] == ["--larger"]:
        problems = known_only(check_larger(args[1], args[2]), known)
        for p in problems:
            print(p)
        print("larger text compared, %d problems" % len(problems))
        return 1 if problems else 0
    min_contrast = 7.0
    if args[:1] == ["--min-contrast"]:
        min_contrast = float(args[1])
        args = args[2:]
    width, height = int(args[0]), int(args[1])
    problems = []
    for path in args[2:]:
        problems += ["%s: %s" % (path.rsplit("/", 1)[-1], p)
                     for p in check(path, width, height, min_contrast)]
    problems = known_only(problems, known)
    for p in problems:
        print(p)
    print("%d dumps checked, %d problems" % (len(args) - 2, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
