#!/usr/bin/env bash
# e2e_admin_help.sh KIOSK SRC - `kiosk admin help`, printed from the table
# of commands (app/admin/admin.c), and the command reference docs/admin.md
# name the same commands: every command of the help is mentioned in the doc,
# and every command the doc mentions is one of the help.
#
# The commands of the help: each line "  noun [verb] ARGS...   summary";
# after " | " on a line comes another verb of the same noun.  The second
# word is a verb when it is a lower-case word (arguments are upper case or
# options: "backup FILE", "purge [--days N]").
#
# A command mention in docs/admin.md is a backticked span outside code
# blocks, or a line of a fenced code block, that starts (after an optional
# "$ " and "kiosk admin ", and the global options --db PATH, --config PATH,
# --json, --pg CONNINFO; --pg may also follow the noun) with a noun of the help; or any such span or line that says
# "kiosk admin".  For a noun with verbs the mention is "noun verb" and the
# verb must be one of the help's; a noun without verbs is the command.
# Prose in backticks that does not start with a noun ("`list`s", "`note`")
# is not a mention; `kiosk admin help` may be mentioned.
source "$(dirname "$0")/lib.sh"

"$KIOSK" admin help > "$OUT/help.txt" 2> "$OUT/help.err"
check "admin help: exit 0, the help on stdout" test $? -eq 0 -a -s "$OUT/help.txt" -a ! -s "$OUT/help.err"
"$KIOSK" admin --help > "$OUT/help2.txt"
check "admin --help prints the same help" cmp -s "$OUT/help.txt" "$OUT/help2.txt"
"$KIOSK" admin > "$OUT/none.out" 2> "$OUT/none.err"
check "admin without a command: exit 2" test $? -eq 2
check "admin without a command: the help on stderr" cmp -s "$OUT/help.txt" "$OUT/none.err"
check "admin without a command: nothing on stdout" test ! -s "$OUT/none.out"
"$KIOSK" admin --db "$OUT/none.db" frobnicate > "$OUT/unk.out" 2> "$OUT/unk.err"
check "an unknown command: exit 2" test $? -eq 2
check "an unknown command: the help, then what was wrong" \
    cmp -s "$OUT/unk.err" <(cat "$OUT/help.txt"; echo "kiosk admin: unknown command: frobnicate")

if python3 - "$OUT/help.txt" "$SRC/docs/admin.md" <<'PY'; then
import re, sys

help_text = open(sys.argv[1], encoding="utf-8").read()
commands = set()
for line in help_text.split("\n"):
    if not re.match(r"^  [a-z]", line):
        continue
    usage = re.split(r"\s{2,}", line.strip())[0]
    pieces = usage.split(" | ")
    noun = pieces[0].split()[0]
    for i, piece in enumerate(pieces):
        words = piece.split()[1:] if i == 0 else piece.split()
        if words and re.fullmatch(r"[a-z][a-z-]*", words[0]):
            commands.add((noun, words[0]))
        elif i == 0:
            commands.add((noun, ""))
nouns_with_verbs = {n for n, v in commands if v}
nouns = {n for n, _ in commands}
if len(commands) < 30:
    sys.exit("the help lists only %d commands" % len(commands))

def mention(text):
    """The command a span or code line mentions, or None; (noun, None) for
    a noun with verbs but no verb."""
    said = False
    text = re.sub(r"^\$ ", "", text)
    if text.startswith("kiosk admin "):
        said, text = True, text[len("kiosk admin "):]
    words = text.split()
    while words and words[0] in ("--json", "--db", "--config", "--pg"):
        words = words[2:] if words[0] != "--json" else words[1:]
    if len(words) > 2 and words[1] == "--pg":  # district --pg CONNINFO verb
        words = words[:1] + words[3:]
    if not words or not re.fullmatch(r"[a-z][a-z-]*", words[0]):
        return None
    if words[0] not in nouns and not said:
        return None
    if words[0] in nouns_with_verbs:
        return (words[0], words[1] if len(words) > 1 else None)
    return (words[0], "")

mentioned, stray = set(), []
fence = False
for n, line in enumerate(open(sys.argv[2], encoding="utf-8"), 1):
    line = line.rstrip("\n")
    if line.startswith("```"):
        fence = not fence
        continue
    spans = [line] if fence else re.findall(r"`([^`]+)`", line)
    for span in spans:
        m = mention(span.replace("\\|", "|"))
        if m is None:
            continue
        if m in commands:
            mentioned.add(m)
        elif m == ("help", ""):  # admin_main's own, before the table
            pass
        elif m[1] is not None:  # a noun alone ("`staff`") names no command
            stray.append("docs/admin.md:%d: `%s` is not a command of the help" % (n, span))

fails = 0
for c in sorted(commands - mentioned):
    print("docs/admin.md does not mention `%s`" % " ".join(w for w in c if w))
    fails += 1
for s in stray:
    print(s)
    fails += 1
print("%d commands in the help, %d mentioned in docs/admin.md" % (len(commands), len(mentioned)))
sys.exit(1 if fails else 0)
PY
    ok
else
    bad "docs/admin.md and the help name different commands"
fi
finish
