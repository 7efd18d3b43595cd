#!/usr/bin/env bash
# An urgent request (issue 15): promised [category] urgent_response_hours
# (4 by default) instead of the usual 24, on the ticket and in the due time
# stored; the urgency screen and the urgent ticket say to call 120 / 110 in
# an emergency; a normal request keeps its usual promise and says nothing
# of emergencies.
. "$(dirname "$0")/lib.sh"

kiosk --script "$(script urgent_request.txt)"
check "urgent_request script passes" [ $? -eq 0 ]
python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
def widgets(name):
    return {w["id"]: w for w in json.load(open("%s/%s.json" % (out, name)))["widgets"]}
u = widgets("urgency")
assert "120" in u["urgency.emergency"]["text"] and "110" in u["urgency.emergency"]["text"]
t = widgets("ticket_urgent")
assert "4 小时" in t["ticket.response"]["text"], t["ticket.response"]["text"]
assert "ticket.emergency" in t, "no emergency line on the urgent ticket"
n = widgets("ticket_normal")
assert "24 小时" in n["ticket.response"]["text"], n["ticket.response"]["text"]
assert "ticket.emergency" not in n, "a normal ticket speaks of emergencies"
PY
check "the screens say what they must" [ $? -eq 0 ]
"$KIOSK" admin --db "$DB" --json requests list > "$OUT/list.json"
python3 - "$OUT/list.json" "$KIOSK" "$DB" <<'PY'
import datetime, json, subprocess, sys
iso = lambda t: datetime.datetime.fromisoformat(t).timestamp()
rows = json.load(open(sys.argv[1]))["requests"]
assert len(rows) == 2, rows
hours = {}
for r in rows:
    d = json.loads(subprocess.check_output([sys.argv[2], "admin", "--db", sys.argv[3], "--json",
                                            "requests", "show", str(r["id"])]))
    hours[d["urgency"]] = round((iso(d["ticket"]["due_at"]) - iso(d["created_at"])) / 3600)
assert hours == {"urgent": 4, "normal": 24}, hours
PY
check "the stored due time is 4 h for the urgent request, 24 h for the normal one" [ $? -eq 0 ]

# urgent_response_hours is configurable per category
printf '[category.elder]\nurgent_response_hours = 2\n' > "$OUT/two.ini"
sed 's/4 小时/2 小时/' "$OUT/urgent_request.txt" | head -22 > "$OUT/two.txt"
kiosk --config "$OUT/two.ini" --script "$OUT/two.txt"
check "urgent_response_hours = 2 promises 2 hours" [ $? -eq 0 ]

# English
sed -e 's/^expect-text .*/# &/' "$OUT/urgent_request.txt" | head -22 > "$OUT/en.txt"
printf 'expect-text Urgent: we will reply within 4 hours\nexpect-text If a life is in danger, call 120 (ambulance) or 110 (police) now\n' >> "$OUT/en.txt"
kiosk --lang en --script "$OUT/en.txt"
check "English: the urgent promise and the emergency numbers" [ $? -eq 0 ]
finish
