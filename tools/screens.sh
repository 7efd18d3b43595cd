#!/usr/bin/env bash
# screens.sh - every screen the walk scripts reach, rendered in every
# language, orientation and view, for comparing two builds pixel by pixel
# (a redesign that must change nothing on screen).
#
#   tools/screens.sh render KIOSK OUTDIR [VIEW...]   walks
#       tests/scripts/walk_all.txt, walk_booking.txt, walk_staff.txt,
#       walk_more.txt and ime_layout.txt, and shows the board (--board), in
#       zh/en x 1080x1920/1920x1080 x plain/large/contrast/both (or only the
#       VIEWs given), writing each screen's dump (.json) and picture
#       (.json.png) under OUTDIR/VIEW-LANG-SIZE/; SCREENS_LANGS and
#       SCREENS_SIZES (e.g. "en", "1920x1080") keep to some languages, sizes
#   tools/screens.sh compare A B           lists the screens whose picture or
#       dump differs between two renders; exit 0 when none does
#
# The renders must be made on the same day (the booking walk picks a day
# ahead, the staff screens show today's date).  A ticket's lookup code and
# QR code are random, so the ticket screens differ between any two renders:
# render the old build twice and compare those first to see what is noise.
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
export TZ=${TZ:-Asia/Shanghai}

render() {
    local kiosk=$1 out=$2 d=2 day base payload vpayload hpayload views
    shift 2
    views=${*:-plain large contrast both}
    while :; do
        day=$(date -d "+$d day" +%F)
        [ "$(date -d "$day" +%u)" -le 5 ] && break
        d=$((d + 1))
    done
    mkdir -p "$out"
    # The staff walk needs a filed request, an account and some queue; the
    # progress and the detail a second request, resolved by steps with a
    # note; the board a walk-in number called.
    base=$out/base.db
    rm -f "$base" "$base.key"
    sed "s#@OUT@#$out#g" "$SRC/tests/scripts/request_path.txt" | grep -v '^shot \|^dump ' \
        > "$out/request_path.txt"
    "$kiosk" --headless --db "$base" --script "$out/request_path.txt" > /dev/null
    # (the second ticket is A002, not the A001 the script expects)
    "$kiosk" --headless --db "$base" --script "$out/request_path.txt" > /dev/null 2>&1 || :
    admin() { "$kiosk" admin --db "$base" "$@" > /dev/null; }
    admin staff add zhao --name 赵站长 --role head --pin 9753
    admin requests act 2 accept --by zhao
    admin requests act 2 assign --by zhao --to 物业服务中心
    admin requests act 2 start --by zhao
    admin requests act 2 resolve --by zhao --note 已联系物业，灯已换好。
    payload=$("$kiosk" admin --db "$base" requests show 2 | awk '$1 == "payload" {print $2}')
    admin demo requests 50 --seed 5
    # issue 22: a resource and a project handling request 2 (its progress
    # screen names it), for the projects walk
    admin resources add --name 爱心助餐点 --kind charity --capacity 20 --contact 张经理 \
        --phone 13812345678 --offers housing,elder,children,disability,psych,dispute,environment,other
    admin resources add --name 物业服务中心 --kind company --capacity 5 --offers housing
    admin needs add --title 老旧楼道照明 --category housing --by zhao
    admin projects add --title 楼道亮灯 --need 1 --resource 2 --owner zhao --due 2026-01-31 \
        --start 2026-01-05
    admin projects add --title 助老送餐 --need 1 --resource 1 --places 3 --owner zhao \
        --due 2099-12-31
    admin projects milestone 2 签订服务协议 --day 2026-01-10
    admin requests link 2 --project 2
    admin walkin issue
    admin walkin issue
    admin walkin call --counter 2 --by zhao
    # issue 21: volunteer 1 applied, approved, with a card (walk_volunteers.txt)
    sed "s#@OUT@#$out#g" "$SRC/tests/scripts/volunteer_apply.txt" > "$out/volunteer_apply.txt"
    "$kiosk" --headless --db "$base" --script "$out/volunteer_apply.txt" > /dev/null
    admin volunteers approve 1 --by zhao
    vpayload=$("$kiosk" admin --db "$base" --json volunteers card 1 "$out/vcard.png" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["payload"])')
    # issue 20: activities for walk_activities.txt, and a waiting sign-up to scan
    admin activities add YOGA --zh 公益瑜伽 --en "Public-welfare yoga" --day "$day" \
        --time 09:00-10:30 --seats 12 --per-signup 3 --audience elder --place-zh 二楼活动室 \
        --place-en "Activity room, 2nd floor" --desc-zh 舒缓瑜伽，适合初学者。 \
        --desc-en "Gentle yoga for beginners." --bring-zh 瑜伽垫、水杯 --bring-en "A mat, a cup"
    admin activities add FILM --zh 青少年电影夜 --en "Youth cinema night" --day "$day" \
        --time 19:00-21:00 --seats 1 --audience youth --place-zh 多功能厅 --place-en Hall
    admin activities add TALK --zh 照护者讲座 --en "A talk for carers" --day "$(date +%F)" \
        --time 00:00-24:00 --seats 30 --place-zh 会议室 --place-en "Meeting room"
    admin activities signup 2 --phone 13800000001
    admin activities signup 3 --phone 13800000003 --people 1
    hpayload=$("$kiosk" admin --db "$base" --json activities signup 2 --phone 13800000002 |
        sed -n 's/.*"payload":"\([^"]*\)".*/\1/p')
    local view lang size taps dir walk n=0
    for view in $views; do
        case $view in
        plain) taps= ;;
        large) taps='tap home.large' ;;
        contrast) taps='tap home.contrast' ;;
        both) taps='tap home.large\ntap home.contrast' ;;
        esac
        for lang in ${SCREENS_LANGS:-zh en}; do
            for size in ${SCREENS_SIZES:-1080x1920 1920x1080}; do
                dir=$out/$view-$lang-$size
                mkdir -p "$dir"
                cp "$base" "$dir/k.db"
                cp "$base.key" "$dir/k.db.key"
                for walk in walk_all.txt walk_booking.txt walk_staff.txt walk_more.txt \
                    ime_layout.txt \
                    walk_volunteers.txt walk_projects.txt \
                    walk_activities.txt; do
                    # the view's taps first and after each session's end; a
                    # picture beside every dump
                    {
                        [ -n "$taps" ] && printf '%b\n' "$taps"
                        sed -e "s#@OUT@#$dir#g" -e "s#@DAY@#$day#g" -e '/^shot /d' \
                            -e "s#@PAYLOAD@#$payload#g" -e "s#@VPAYLOAD@#$vpayload#g" \
                            -e "s#@HPAYLOAD@#$hpayload#g" \
                            -e "s/^#${lang^^} //" \
                            "$SRC/tests/scripts/$walk" |
                            while IFS= read -r line; do
                                printf '%s\n' "$line"
                                case $line in
                                "dump "*) printf 'shot %s.png\n' "${line#dump }" ;;
                                "tap ticket.done" | "tap staff.logout" | "tap volunteer.done")
                                    if [ -n "$taps" ]; then printf '%b\n' "$taps"; fi ;;
                                esac
                            done
                    } > "$dir/$walk"
                    "$kiosk" --headless --windowed "$size" --lang "$lang" --db "$dir/k.db" \
                        --script "$dir/$walk" > "$dir/$walk.log" 2>&1 ||
                        echo "screens.sh: $view $lang $size $walk failed (see $dir/$walk.log)" >&2
                done
                # the board, a screen of its own (no views: it is seen from afar)
                if [ "$view" = plain ]; then
                    printf 'dump %s/board.json\nshot %s/board.json.png\n' "$dir" "$dir" \
                        > "$dir/board.txt"
                    "$kiosk" --headless --board --windowed "$size" --lang "$lang" \
                        --db "$dir/k.db" --script "$dir/board.txt" > "$dir/board.txt.log" 2>&1 ||
                        echo "screens.sh: board $lang $size failed (see $dir/board.txt.log)" >&2
                fi
                rm -f "$dir"/k.db*
                n=$((n + $(ls "$dir"/*.png | wc -l)))
            done
        done
    done
    echo "$n screens rendered into $out"
}

compare() {
    # pictures by their pixels (PNG's bytes depend on the encoder's
    # settings), dumps byte for byte
    # Debian's python3 (python3-pil), not one a pyenv or venv puts first
    /usr/bin/python3 - "$1" "$2" <<'PY'
import os, sys
from PIL import Image
a, b = sys.argv[1], sys.argv[2]
diffs = total = 0
for root, _, files in sorted(os.walk(a)):
    for name in sorted(files):
        if not name.endswith((".png", ".json")):
            continue
        rel = os.path.relpath(os.path.join(root, name), a)
        total += 1
        other = os.path.join(b, rel)
        if not os.path.exists(other):
            print("missing in %s: %s" % (b, rel))
            diffs += 1
            continue
        if name.endswith(".png"):
            with Image.open(os.path.join(a, rel)) as x, Image.open(other) as y:
                same = x.size == y.size and x.convert("RGB").tobytes() == y.convert("RGB").tobytes()
        else:
            with open(os.path.join(a, rel), "rb") as x, open(other, "rb") as y:
                same = x.read() == y.read()
        if not same:
            print("differs: %s" % rel)
            diffs += 1
print("%d of %d files differ" % (diffs, total))
sys.exit(1 if diffs else 0)
PY
}

case ${1:-} in
render) shift && render "$@" ;;
compare) compare "$2" "$3" ;;
*)
    echo "usage: tools/screens.sh render KIOSK OUTDIR [VIEW...] | compare A B" >&2
    exit 2
    ;;
esac
