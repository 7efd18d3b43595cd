#!/usr/bin/env bash
# The station's figures, headless, through the real kiosk and `kiosk admin`:
# demo requests, bookings and walk-ins worked by two staff accounts; the
# statistics screen shows the numbers `admin --json stats` gives, on every
# page, for a picked period and a custom one; every page passes
# check_layout.py in both languages and orientations; `admin report`
# writes CSV files (parsed back here: BOM, CRLF, the same numbers) and chart
# PNGs of the right size; bad periods and folders are refused with a reason.
. "$(dirname "$0")/lib.sh"

admin() { "$KIOSK" admin --db "$DB" "$@"; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

# the kiosk makes its database; admin works on an existing one
echo "expect-screen home" > "$OUT/start.txt"
kiosk --script "$OUT/start.txt"
check "kiosk starts" [ $? -eq 0 ]
admin staff add zhao --name 赵站长 --role head --pin 9753 > /dev/null
admin staff add wang --name 王芳 --role worker --pin 2468 > /dev/null
admin demo requests 1500 --seed 3 > /dev/null
check "demo requests" [ $? -eq 0 ]
admin demo bookings 600 --seed 3 > /dev/null
for i in 1 2 3; do admin walkin issue > /dev/null; done
admin walkin call --counter 2 --by wang > /dev/null
admin walkin call --counter 2 --by wang > /dev/null

# Requests are checked over last month: the demo spreads them over the last
# 90 days, so last month is always a whole month of them, whatever the date
# (this month is minutes old just after midnight on the 1st).  The walk-ins
# were issued now, so they are checked over today.
admin --json stats --period last > "$OUT/month.json"
check "admin stats --json" [ $? -eq 0 ]
admin --json stats --period today > "$OUT/today.json"
REQ=$(json "$OUT/month.json" 'd["requests"]')
WALK=$(json "$OUT/today.json" 'd["walkins"]["issued"]')
check "last month has requests" [ "$REQ" -gt 0 ]
check "walk-ins counted" [ "$WALK" -eq 3 ]
check "wang called two" [ "$(json "$OUT/today.json" \
  '[p["walkins_called"] for p in d["staff"] if p["login"]=="wang"][0]')" -eq 2 ]
check "demo work is done by staff" [ "$(json "$OUT/month.json" \
  'sum(1 for p in d["staff"] if p["login"] in ("zhao","wang") and p["answered"]>0)')" -eq 2 ]
admin stats --period today | grep -q "requests:"
check "admin stats as text" [ $? -eq 0 ]

# ---- the screen shows the same numbers ----
cat > "$OUT/stats.txt" <<EOS
press staff.entry 3
tap staff_pick.zhao
tap pin.9
tap pin.7
tap pin.5
tap pin.3
tap pin.ok
expect-screen staff
tap staff.stats
expect-screen stats
tap stats.period.last
expect-text 居民反映：$REQ 件
dump $OUT/p_overview.json
shot $OUT/p_overview.png
tap stats.tab.days
dump $OUT/p_days.json
tap stats.tab.categories
dump $OUT/p_categories.json
tap stats.tab.bookings
dump $OUT/p_bookings.json
tap stats.period.today
tap stats.tab.walkins
expect-text 取号：3 个
expect-text 已叫号：2 个
dump $OUT/p_walkins.json
tap stats.period.last
tap stats.tab.staff
expect-text 王芳
dump $OUT/p_staff.json
tap stats.period.custom
tap stats.from.back7
tap stats.to.back1
dump $OUT/p_custom.json
tap nav.back
expect-screen staff
EOS
kiosk --script "$OUT/stats.txt"
check "statistics screen walk" [ $? -eq 0 ]
check "the screen read its figures" grep -q '"event":"stats"' "$OUT/events.jsonl"
# the custom range moved: from a week earlier, to a day earlier than last month's
python3 - "$OUT" <<'EOF'
import json, sys
out = sys.argv[1]
month = json.load(open(out + "/month.json"))
custom = {w["id"]: w["text"] for w in json.load(open(out + "/p_custom.json"))["widgets"]}
import datetime as dt
f = dt.date.fromisoformat(month["from"]) - dt.timedelta(days=7)
t = dt.date.fromisoformat(month["to"]) - dt.timedelta(days=1)
ok = custom.get("stats.from", "").endswith(f.isoformat())
ok = ok and custom.get("stats.to", "").endswith(t.isoformat())
days = {w["id"]: w["text"] for w in json.load(open(out + "/p_days.json"))["widgets"]}
# every day of the chart shows its count from admin's figures
for i, (day, n) in enumerate(month["per_day"].items()):
    ok = ok and days.get("stats.days.value.%d" % i) == str(n) and days.get("stats.days.name.%d" % i) == day[5:]
sys.exit(0 if ok else 1)
EOF
check "custom dates and per-day numbers match admin" [ $? -eq 0 ]
python3 "$SRC/tests/check_layout.py" 1080 1920 "$OUT"/p_*.json
check "statistics pages: layout zh portrait" [ $? -eq 0 ]

for lang in zh en; do
  for size in 1080x1920 1920x1080; do
    dir=$OUT/$lang-$size
    mkdir -p "$dir"
    sed -e "s#$OUT/p_#$dir/p_#g" -e '/expect-text/d' "$OUT/stats.txt" > "$dir/stats.txt"
    "$KIOSK" --headless --windowed "$size" --lang "$lang" --db "$DB" --script "$dir/stats.txt"
    check "statistics walk $lang $size" [ $? -eq 0 ]
    python3 "$SRC/tests/check_layout.py" "${size%x*}" "${size#*x}" "$dir"/p_*.json
    check "statistics layout $lang $size" [ $? -eq 0 ]
    # no chart lost a row for want of room
    python3 - "$dir" "$OUT/month.json" <<'PY'
import json, sys
d, month = sys.argv[1], json.load(open(sys.argv[2]))
ids = lambda page: {w["id"] for w in json.load(open("%s/p_%s.json" % (d, page)))["widgets"]}
want = {"overview": ["stats.open.value.3", "stats.rating.value.2"],
        "categories": ["stats.category.value.%d" % (len(month["categories"]) - 1)],
        "bookings": ["stats.service.value.%d" % (len(month["bookings"]) - 1)],
        "days": ["stats.days.value.%d" % (len(month["per_day"]) - 1)],
        "staff": ["stats.person.wang", "stats.person.zhao"]}
missing = [i for page, need in want.items() for i in need if i not in ids(page)]
if missing:
    print("missing:", missing)
sys.exit(1 if missing else 0)
PY
    check "statistics: every row shown $lang $size" [ $? -eq 0 ]
  done
done

# ---- the monthly report ----
MONTH=$(json "$OUT/month.json" 'd["from"][:7]')
admin --json report --month "$MONTH" --out "$OUT/report" > "$OUT/report.json"
check "admin report" [ $? -eq 0 ]
admin --json stats --month "$MONTH" > "$OUT/whole.json"
python3 - "$OUT" <<'EOF'
import csv, io, json, sys
out = sys.argv[1]
whole = json.load(open(out + "/whole.json"))
def table(name):
    raw = open(out + "/report/" + name, "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf"), name + ": no byte-order mark"
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), name + ": not CRLF"
    return list(csv.DictReader(io.StringIO(raw[3:].decode("utf-8"), newline="")))
summary = {r["figure"]: r["value"] for r in table("summary.csv")}
assert int(summary["requests"]) == whole["requests"], summary
assert int(summary["median_answer_s"]) == whole["median_answer_s"]
assert int(summary["walkins"]) == whole["walkins"]["issued"]
cats = table("categories.csv")
assert sum(int(r["requests"]) for r in cats) == whole["requests"]
assert {r["code"]: int(r["requests"]) for r in cats} == whole["categories"]
assert [int(r["requests"]) for r in table("per_day.csv")] == list(whole["per_day"].values())
book = {r["service"]: r for r in table("bookings.csv")}
for code, b in whole["bookings"].items():
    assert int(book[code]["checked_in"]) == b["checked_in"], code
staff = {r["login"]: r for r in table("staff.csv")}
assert staff["wang"]["name"] == "王芳" and int(staff["wang"]["walkins_called"]) >= 0
needs = table("needs.csv")
assert sum(int(r["open"]) for r in needs) == sum(whole["open"].values())
assert {r["community_name"] for r in needs} >= {"幸福里社区", "和平社区"}
print("report CSV files agree with admin stats")
EOF
check "report CSV parsed back" [ $? -eq 0 ]
for c in per_day categories open ratings bookings staff; do
  file "$OUT/report/$c.png" | grep -q "PNG image data, 1600 x 900"
  check "chart $c.png" [ $? -eq 0 ]
done

# ---- refusals ----
admin report --month 2026-13 --out "$OUT/x" 2> "$OUT/err.txt"
check "bad month: exit 2" [ $? -eq 2 ]
check "bad month: says why" grep -q "YYYY-MM" "$OUT/err.txt"
admin stats --from 2026-12-10 --to 2026-12-01 2> "$OUT/err.txt"
check "backwards range: exit 2" [ $? -eq 2 ]
admin report --month "$MONTH" --out /proc/no-such-folder 2> "$OUT/err.txt"
check "unwritable folder: exit 3" [ $? -eq 3 ]
check "unwritable folder: names it" grep -q "no-such-folder" "$OUT/err.txt"
finish
