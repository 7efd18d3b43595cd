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
    local kiosk=$1 out=$2 d=2 day base payload hpayload views
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
    admin walkin issue
    admin walkin issue
    admin walkin call --counter 2 --by zhao
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
                    walk_activities.txt; do
                    # the view's taps first and after each session's end; a
                    # picture beside every dump
                    {
                        [ -n "$taps" ] && printf '%b\n' "$taps"
                        sed -e "s#@OUT@#$dir#g" -e "s#@DAY@#$day#g" -e '/^shot /d' \
                            -e "s#@PAYLOAD@#$payload#g" -e "s#@HPAYLOAD@#$hpayload#g" \
                            -e "s/^#${lang^^} //" \
                            "$SRC/tests/scripts/$walk" |
                            while IFS= read -r line; do
                                printf '%s\n' "$line"
                                case $line in
                                "dump "*) printf 'shot %s.png\n' "${line#dump }" ;;
                                "tap ticket.done" | "tap staff.logout")
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
    local a=$1 b=$2 f rel diffs=0 total=0
    while IFS= read -r f; do
        rel=${f#"$a"/}
        total=$((total + 1))
        if [ ! -e "$b/$rel" ]; then
            echo "missing in $b: $rel"
            diffs=$((diffs + 1))
        elif ! cmp -s "$f" "$b/$rel"; then
            echo "differs: $rel"
            diffs=$((diffs + 1))
        fi
    done < <(find "$a" -name '*.png' -o -name '*.json' | sort)
    echo "$diffs of $total files differ"
    [ "$diffs" -eq 0 ]
}

case ${1:-} in
render) shift && render "$@" ;;
compare) compare "$2" "$3" ;;
*)
    echo "usage: tools/screens.sh render KIOSK OUTDIR [VIEW...] | compare A B" >&2
    exit 2
    ;;
esac
