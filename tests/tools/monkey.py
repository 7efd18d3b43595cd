#!/usr/bin/env python3
"""monkey.py SEED N [--size WxH] [--payload P] [--mark FILE --every K] -
writes an automation script of N random events to stdout, the same script
for the same arguments.

Events: taps anywhere on the 1080x1920 screen (half of them on the lower
two thirds, where the buttons are), drags, long presses, keys, typed text
(Chinese, ASCII, SQL-like, long), scans (a valid ticket PAYLOAD when given,
a forged one, junk, 500-character ones) and small clock steps.  Every 400
events or so the kiosk is sent home (advance 200) and, one time in two,
staff mode is entered (press staff.entry 3, the station head, PIN 9753) so
that random taps walk the staff screens too.  Only commands that cannot fail
a script at random (tap-at, drag, key, type, scan, advance) are used between
those fixed entries, so the whole script runs to its end.  The script ends
with `advance 200` and `expect-screen home`: nothing is stuck.  With
--mark, `dump FILE` follows event 1000 and then every K events, and the end
(a test reads the kiosk's memory at each: FILE may be a FIFO)."""
import argparse
import random

W, H = 1080, 1920
KEYS = ["Return", "Backspace", "Escape", "Tab", "Left", "Right", "Up", "Down", "Space",
        "Keypad Enter", "AC Back", "A", "1", "Left Shift", "CapsLock", "F1", "Delete"]
TEXTS = ["楼道灯坏了", "李", "abc", "123", "'); DROP TABLE requests;--", "K", "KT1.",
         "😀", "ä", "x" * 300, "长" * 250, "  ", "Robert'); --", "%s%n%x", "\\n"]


def point(r):
    x = r.randrange(0, W)
    y = r.randrange(0, H) if r.random() < 0.5 else r.randrange(H // 3, H)
    return x, y


def staff_login():
    lines = ["advance 200", "expect-screen home", "press staff.entry 3",
             "tap staff_pick.zhao"]
    lines += ["tap pin.%s" % d for d in "9753"]
    lines += ["tap pin.ok", "expect-screen staff"]
    return lines


def main():
    global W, H
    ap = argparse.ArgumentParser()
    ap.add_argument("seed", type=int)
    ap.add_argument("n", type=int)
    ap.add_argument("--size", default="1080x1920")
    ap.add_argument("--payload", default="KT1.SW01.A.1.AAAAAAAAAAAAAAAAAAAAAAAA")
    ap.add_argument("--mark")
    ap.add_argument("--every", type=int, default=3000)
    a = ap.parse_args()
    W, H = (int(v) for v in a.size.split("x"))
    seed, n, payload = a.seed, a.n, a.payload
    r = random.Random(seed)
    out = ["# monkey seed %d, %d events, %dx%d" % (seed, n, W, H)]
    for i in range(n):
        if a.mark and i >= 1000 and (i - 1000) % a.every == 0:
            out.append("dump " + a.mark)
        if i % 400 == 0 and i > 0:
            out += staff_login() if r.random() < 0.5 else ["advance 200", "expect-screen home"]
        k = r.random()
        if k < 0.55:
            out.append("tap-at %d %d" % point(r))
        elif k < 0.63:
            x1, y1 = point(r)
            x2, y2 = point(r)
            out.append("drag %d %d %d %d" % (x1, y1, x2, y2))
        elif k < 0.70:
            out.append("key " + r.choice(KEYS))
        elif k < 0.78:
            out.append("type " + r.choice(TEXTS))
        elif k < 0.86:
            c = r.random()
            if c < 0.4:
                s = payload
            elif c < 0.6:
                s = payload[:-1] + ("A" if payload[-1] != "A" else "B")
            elif c < 0.8:
                s = "".join(r.choice("KT1.SWA0123456789XYZ") for _ in range(r.randrange(1, 40)))
            else:
                s = "KT1." + "Z" * 500
            out.append("scan " + s)
        elif k < 0.97:
            out.append("advance %.2f" % r.choice([0.05, 0.3, 0.7, 1, 2, 5]))
        else:
            out.append("advance %d" % r.choice([30, 61, 75, 90, 125]))
    out += ["advance 200", "expect-screen home"]
    if a.mark:
        out.append("dump " + a.mark)
    print("\n".join(out))


if __name__ == "__main__":
    main()
