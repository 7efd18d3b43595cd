#!/usr/bin/env python3
"""check_layers.py SRC [--matrix]

The layering rule of the program, checked on the sources: which folder may
include the headers of which layer, that the folders have no loop, and
which outside libraries each layer may include.

The build enforces the same rule (CMakeLists.txt: a header folder is on the
path of the layers that link it and no other), but only for what the
compiler is asked to build; this reads every #include of every file under
app/ and include/, so the rule is written down in one table and a .c file
that a build option leaves out is checked too.  ALLOWED below and the
kiosk_layer() lines of CMakeLists.txt say the same thing; change both.

--matrix prints the include matrix between folders (how
many #include lines of each folder name a header of each layer, as a
Markdown table for docs/architecture.md) and exits.
Exit status 0 when the rule holds, 1 with one line per offence otherwise.
"""
import os
import re
import sys

# The layers, lowest first.  A layer's headers are include/<layer>/kiosk/.
LAYERS = ["core", "ticket", "records", "store", "district", "sync", "ui", "platform", "ime", "app",
          "admin"]

# Folder -> the layer it belongs to.  app/screens is part of the app layer
# (one library) but is a node of its own here: it may see only what the
# app's headers expose.  app/main.c (folder "app") is the executable.
FOLDER_LAYER = {f"app/{l}": l for l in LAYERS if l not in ("app", "records")}
FOLDER_LAYER.update({f"include/{l}": l for l in LAYERS})
FOLDER_LAYER.update({"app/kiosk": "app", "app/screens": "screens", "app": "main"})

# Layer -> the layers whose headers it may include (its own always).
# records is header only: the plain records the store reads and writes and
# the app shows, so that the screens can hold them without the store.
ALLOWED = {
    "core": set(),
    "ticket": {"core"},
    "records": {"ticket", "core"},
    "store": {"records", "ticket", "core"},
    "district": {"core"},
    "sync": {"district", "store", "records", "ticket", "core"},
    "ui": {"ticket", "core"},
    "platform": {"ui", "ticket", "core"},
    "ime": {"core"},
    "app": {"sync", "store", "records", "platform", "ui", "ime", "ticket", "core"},
    "screens": {"app", "records", "platform", "ui", "ime", "ticket", "core"},
    "admin": {"sync", "district", "store", "records", "platform", "ui", "ticket", "core"},
    "main": {"admin", "app", "platform", "core"},
}

# Outside headers (by the start of their name) and the only layers that may
# include them; any other outside header (libc, POSIX, libsodium) is free.
OUTSIDE = {
    "SDL": {"platform"},
    "sqlite3.h": {"store"},
    "libpq-fe.h": {"district"},
    "qrencode.h": {"ticket"},
    "png.h": {"platform"},
    "zbar.h": {"platform"},
    "cups/": {"platform"},
    "espeak-ng/": {"platform"},
    "linux/videodev2.h": {"platform"},
    "pinyin.h": {"ime"},
    "zinnia.h": {"ime"},
    "ini.h": {"core"},
}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def sources(src):
    for top in ("app", "include"):
        for root, _, files in os.walk(os.path.join(src, top)):
            for f in sorted(files):
                if f.endswith((".c", ".h")):
                    yield os.path.relpath(os.path.join(root, f), src)


def folder_of(path):
    """The folder a file counts in: include/<layer> for a header of a layer."""
    parts = path.split(os.sep)
    if parts[0] == "include":
        return "/".join(parts[:2])
    return "/".join(parts[:-1])


def header_layers(src):
    """kiosk/x.h -> the layer whose folder holds it."""
    found = {}
    for layer in LAYERS:
        d = os.path.join(src, "include", layer, "kiosk")
        if os.path.isdir(d):
            for f in os.listdir(d):
                found.setdefault("kiosk/" + f, []).append(layer)
    return found


def find_loop(edges):
    """A cycle in {node: set(nodes)} as a list, or None."""
    state = {}

    def visit(n, path):
        state[n] = 1
        for m in sorted(edges.get(n, ())):
            if state.get(m) == 1:
                return path[path.index(m):] + [m] if m in path else [n, m]
            if m not in state:
                loop = visit(m, path + [m])
                if loop:
                    return loop
        state[n] = 2
        return None

    for n in sorted(edges):
        if n not in state:
            loop = visit(n, [n])
            if loop:
                return loop
    return None


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    flags = {a for a in argv[1:] if a.startswith("--")}
    if len(args) != 1:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    src = args[0]
    allowed = {k: set(v) for k, v in ALLOWED.items()}

    headers = header_layers(src)
    bad = []
    for layer, where in ((h, w) for h, w in headers.items() if len(w) > 1):
        bad.append(f"{layer} is in more than one layer: {', '.join(where)}")
    if os.path.isdir(os.path.join(src, "include", "kiosk")):
        bad.append("include/kiosk/ exists: every header belongs in include/<layer>/kiosk/")

    matrix = {}  # (folder, layer) -> count
    edges = {}  # layer -> layers
    for path in sources(src):
        folder = folder_of(path)
        me = FOLDER_LAYER.get(folder)
        if me is None:
            bad.append(f"{path}: its folder {folder} is in no layer (add it to check_layers.py)")
            continue
        # The app's headers are what the screens see: when the screens may
        # not see a layer, the app's headers may not include it either.
        rule = allowed["screens"] | {"screens"} if folder == "include/app" else allowed[me]
        with open(os.path.join(src, path), encoding="utf-8") as f:
            text = f.read()
        for kind, name in INCLUDE.findall(text):
            if kind == "<":
                for prefix, who in OUTSIDE.items():
                    if name.startswith(prefix) and me not in who:
                        bad.append(f"{path}: <{name}> belongs to {'/'.join(sorted(who))} only")
                continue
            if not name.startswith("kiosk/"):
                # a private header of the folder (store_int.h, keypad.h)
                if not os.path.isfile(os.path.join(src, os.path.dirname(path), name)):
                    bad.append(f'{path}: "{name}" is not a header of its own folder')
                continue
            where = headers.get(name)
            if not where:
                bad.append(f'{path}: "{name}" is in no layer\'s include/<layer>/kiosk/')
                continue
            layer = where[0]
            matrix[(folder, layer)] = matrix.get((folder, layer), 0) + 1
            if layer == me:
                continue
            edges.setdefault(me, set()).add(layer)
            if layer not in rule:
                who = "the screens (through the app's headers)" if folder == "include/app" else me
                bad.append(f'{path}: "{name}" is {layer}\'s, which {who} may not use')

    if "--matrix" in flags:
        folders = sorted({f for f, _ in matrix}, key=lambda f: (f.startswith("include"), f))
        print("| folder \\ headers of | " + " | ".join(LAYERS) + " |")
        print("| --- " * (len(LAYERS) + 1) + "|")
        for f in folders:
            row = [str(matrix.get((f, l), 0) or ".") for l in LAYERS]
            name = "`app/main.c`" if f == "app" else f"`{f}/`"
            print(f"| {name} | " + " | ".join(row) + " |")
        return 0

    loop = find_loop(edges)
    if loop:
        bad.append("a loop between layers: " + " -> ".join(loop))
    for line in bad:
        print(line)
    if bad:
        print(f"check_layers: {len(bad)} offence(s); the rule is ALLOWED in {argv[0]}")
        return 1
    print("check_layers: every #include follows the layers, and they have no loop")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
