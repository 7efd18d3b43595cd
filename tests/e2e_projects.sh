#!/usr/bin/env bash
# Issue 22 end to end: a request filed on the screens -> the needs list ->
# a recognised need with the request linked -> resources matched (the most
# places left first) -> a project (owner and due date required, capacity
# never exceeded) -> the request linked -> the resident scans the ticket
# and the progress screen says 由“楼道亮灯”项目办理 (and in English) ->
# the project closed takes no new request.  Admin commands with --json.
. "$(dirname "$0")/lib.sh"

admin() { "$KIOSK" admin --db "$DB" "$@"; }
py() { python3 -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if ($1) else 1)"; }

# request 1: housing, 5栋, filed on the screens
kiosk --script "$(script request_path.txt)" > /dev/null 2>&1
check "the kiosk files a request" [ -s "$DB" ]
admin staff add wang --name 王丽 --role worker --pin 7531 > /dev/null

# the needs list: this month's requests by community, category, issue
admin --json needs list > "$OUT/needs.json"
check "needs list --json groups request 1" py '[(g["category"], g["community"], g["count"], g["open"], g["open_share"]) for g in d["groups"]] == [("housing", "5栋", 1, 1, 1.0)] and d["needs"] == []' < "$OUT/needs.json"

# a recognised need, the request linked
admin --json needs add --title 楼道照明 --category housing --community 5栋 --by wang > "$OUT/need.json"
check "needs add prints the id" py 'd == {"id": 1}' < "$OUT/need.json"
admin needs add --category housing --by wang 2> /dev/null
check "a need without a title: exit 2" [ $? -eq 2 ]
admin --json needs link 1 1 > /dev/null
check "needs link" [ $? -eq 0 ]
admin needs link 1 1 2> /dev/null
check "linking again: exit 1" [ $? -eq 1 ]

# resources, matched: the most places left first; other categories not
admin --json resources add --name 物业服务中心 --kind company --offers housing --capacity 2 \
    --contact 李经理 --phone 13812345678 > "$OUT/r1.json"
check "resources add prints the id" py 'd == {"id": 1}' < "$OUT/r1.json"
admin --json resources add --name 社工机构 --kind org --offers housing,elder --capacity 5 > /dev/null
admin --json resources add --name 法律援助 --kind pro --offers policy > /dev/null
admin resources add --name x --kind friend --offers housing 2> /dev/null
check "a bad kind: exit 2" [ $? -eq 2 ]
admin --json needs show 1 > "$OUT/show.json"
check "needs show: the request and the matches ranked" py '[r["id"] for r in d["request_list"]] == [1] and [m["id"] for m in d["matches"]] == [2, 1] and d["matches"][1]["phone"] == "13812345678"' < "$OUT/show.json"

# a project: owner and due date required, capacity not exceeded
admin projects add --title 楼道亮灯 --need 1 --resource 1 --due 2099-12-31 2> /dev/null
check "no owner: exit 2" [ $? -eq 2 ]
admin projects add --title 楼道亮灯 --need 1 --resource 1 --owner wang 2> /dev/null
check "no due date: exit 2" [ $? -eq 2 ]
admin projects add --title 楼道亮灯 --need 1 --resource 1 --owner nobody --due 2099-12-31 2> /dev/null
check "an owner not on the staff: exit 2" [ $? -eq 2 ]
admin projects add --title 楼道亮灯 --need 1 --resource 1 --places 3 --owner wang \
    --due 2099-12-31 2> "$OUT/cap.err"
check "beyond the capacity: exit 1, says why" bash -c "[ $? -eq 1 ] && grep -q 'capacity' '$OUT/cap.err'"
admin --json projects list > "$OUT/none.json"
check "nothing half-written" py 'd["projects"] == []' < "$OUT/none.json"
admin --json projects add --title 楼道亮灯 --need 1 --resource 1 --owner wang --due 2099-12-31 \
    > "$OUT/p.json"
check "projects add prints the id" py 'd == {"id": 1}' < "$OUT/p.json"
admin --json projects milestone 1 签订协议 > /dev/null
admin --json requests link 1 --project 1 > "$OUT/link.json"
check "requests link" py 'd["linked"] and d["project"] == 1' < "$OUT/link.json"
admin --json projects show 1 > "$OUT/ps.json"
check "projects show lists needs, resources, requests" py '[n["id"] for n in d["needs"]] == [1] and [r["id"] for r in d["resources"]] == [1] and [r["id"] for r in d["requests"]] == [1] and len(d["milestones"]) == 1 and d["owner"] == "wang" and d["due"] == "2099-12-31"' < "$OUT/ps.json"
admin --json requests show 1 > "$OUT/req.json"
check "the request's timeline names the project" py 'any(e["kind"] == "project_linked" for e in d["events"])' < "$OUT/req.json"

# the resident scans the ticket: the progress screen names the project
payload=$(python3 -c "import json; print(json.load(open('$OUT/req.json'))['ticket']['payload'])")
for lang in zh en; do
    printf 'scan %s\nexpect-screen progress\ndump %s/progress_%s.json\n' "$payload" "$OUT" "$lang" \
        > "$OUT/scan_$lang.txt"
    "$KIOSK" --headless --lang $lang --db "$DB" --script "$OUT/scan_$lang.txt" > /dev/null 2>&1
    check "the progress screen ($lang)" [ -s "$OUT/progress_$lang.json" ]
done
check "由“楼道亮灯”项目办理" py '[w["text"] for w in d["widgets"] if w["id"] == "progress.project"] == ["由“楼道亮灯”项目办理"]' < "$OUT/progress_zh.json"
check "Handled by the project “楼道亮灯”" py '[w["text"] for w in d["widgets"] if w["id"] == "progress.project"] == ["Handled by the project “楼道亮灯”"]' < "$OUT/progress_en.json"

# closed: no new request, and it does not reopen
admin --json projects close 1 --result 灯已全部换好 > "$OUT/close.json"
check "projects close" py 'd["state"] == "finished"' < "$OUT/close.json"
admin requests link 1 --project 1 2> /dev/null
check "a closed project takes no new request: exit 1" [ $? -eq 1 ]
admin projects change 1 --state running 2> /dev/null
check "a closed project does not reopen: exit 1" [ $? -eq 1 ]
admin --json resources show 1 > "$OUT/r.json"
check "its places are free again" py 'd["used"] == 0 and d["left"] == 2' < "$OUT/r.json"

# the monthly report: projects.csv, this month's figures
admin report --out "$OUT/report" > /dev/null
check "report writes projects.csv" bash -c "python3 - '$OUT/report/projects.csv' <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig')))
assert rows[0] == ['month', 'needs', 'resources_linked', 'projects_running', 'projects_finished', 'requests_served'], rows
assert len(rows) == 2 and rows[1][1:] == ['1', '1', '1', '1', '1'], rows
PY"
check "and projects.png, a 1600 px chart" bash -c "file '$OUT/report/projects.png' | grep -q 'PNG image data, 1600 x'"
finish
