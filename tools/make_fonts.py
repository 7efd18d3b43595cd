#!/usr/bin/python3
"""Subset Noto Sans CJK SC (SIL OFL 1.1, Debian package fonts-noto-cjk) to the
characters of GBK plus Latin and common symbols, so the repository carries two
small fonts instead of two 20 MB collections.  Run it again only to change the
character set; its output is committed under fonts/.

Usage: tools/make_fonts.py [OUTDIR]   (default: fonts/)
"""
import os
import sys
from fontTools import subset
from fontTools.ttLib import TTCollection

SRC = "/usr/share/fonts/opentype/noto/NotoSansCJK-%s.ttc"
SC_INDEX = 2  # Noto Sans CJK SC inside the collection


def gbk_codepoints():
    cps = set(range(0x20, 0x7F)) | set(range(0xA0, 0x180))
    cps |= set(range(0x2000, 0x2070)) | set(range(0x2190, 0x2200))
    cps |= set(range(0x2460, 0x24A0)) | set(range(0x25A0, 0x2700))
    cps |= set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))
    cps.add(0x2713)  # the check mark a chosen option shows (ui.h UI_CHECK_MARK)
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            if trail == 0x7F:
                continue
            try:
                ch = bytes([lead, trail]).decode("gbk")
            except UnicodeDecodeError:
                continue
            cps.add(ord(ch))
    return sorted(cps)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "fonts"
    cps = gbk_codepoints()
    for weight in ("Regular", "Bold"):
        font = TTCollection(SRC % weight).fonts[SC_INDEX]
        opts = subset.Options()
        opts.layout_features = ["*"]
        opts.name_IDs = ["*"]
        opts.name_languages = ["*"]
        opts.notdef_outline = True
        opts.hinting = False
        sub = subset.Subsetter(opts)
        sub.populate(unicodes=cps)
        sub.subset(font)
        path = os.path.join(out, "KioskSansSC-%s.otf" % weight)
        font.save(path)
        print(path, os.path.getsize(path), "bytes,", len(cps), "code points")


if __name__ == "__main__":
    main()
