#!/usr/bin/env bash
# screens.sh - every screen the walk scripts reach, rendered in every
# language, orientation and view, for comparing two builds pixel by pixel
# (a redesign that must change nothing on screen).
#
#   tools/screens.sh render KIOSK OUTDIR   walks tests/scripts/walk_all.txt,
#       walk_booking.txt and walk_staff.txt in zh/en x 1080x1920/1920x1080 x
#       plain/large/contrast/both (16 runs of 3 scripts), writing each
#       screen's dump (.json) and picture (.png) under OUTDIR/VIEW-LANG-SIZE/
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
    local kiosk=$1 out=$2 d=2 day base
    while :; do
        day=$(date -d "+$d day" +%F)
        [ "$(date -d "$day" +%u)" -le 5 ] && break
        d=$((d + 1))
    done
    mkdir -p "$out"
    # The staff walk needs a filed request, an account and some queue.
    base=$out/base.db
    rm -f "$base" "$base.key"
    sed "s#@OUT@#$out#g" "$SRC/tests/scripts/request_path.txt" | grep -v '^shot \|^dump ' \
        > "$out/request_path.txt"
    "$kiosk" --headless --db "$base" --script "$out/request_path.txt" > /dev/null
    "$kiosk" admin --db "$base" staff add zhao --name 赵站长 --role head --pin 9753 > /dev/null
    "$kiosk" admin --db "$base" demo requests 50 --seed 5 > /dev/null
    local view lang size taps dir walk n=0
    for view in plain large contrast both; do
        case $view in
        plain) taps= ;;
        large) taps='tap home.large' ;;
        contrast) taps='tap home.contrast' ;;
        both) taps='tap home.large\ntap home.contrast' ;;
        esac
        for lang in zh en; do
            for size in 1080x1920 1920x1080; do
                dir=$out/$view-$lang-$size
                mkdir -p "$dir"
                cp "$base" "$dir/k.db"
                cp "$base.key" "$dir/k.db.key"
                for walk in walk_all.txt walk_booking.txt walk_staff.txt; do
                    # the view's taps first and after each session's end; a
                    # picture beside every dump
                    {
                        [ -n "$taps" ] && printf '%b\n' "$taps"
                        sed -e "s#@OUT@#$dir#g" -e "s#@DAY@#$day#g" -e '/^shot /d' \
                            "$SRC/tests/scripts/$walk" |
                            while IFS= read -r line; do
                                printf '%s\n' "$line"
                                case $line in
                                "dump "*) printf 'shot %s.png\n' "${line#dump }" ;;
                                "tap ticket.done" | "tap staff.logout")
                                    [ -n "$taps" ] && printf '%b\n' "$taps" ;;
                                esac
                            done
                    } > "$dir/$walk"
                    "$kiosk" --headless --windowed "$size" --lang "$lang" --db "$dir/k.db" \
                        --script "$dir/$walk" > "$dir/$walk.log" 2>&1 ||
                        echo "screens.sh: $view $lang $size $walk failed (see $dir/$walk.log)" >&2
                done
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
render) render "$2" "$3" ;;
compare) compare "$2" "$3" ;;
*)
    echo "usage: tools/screens.sh render KIOSK OUTDIR | compare A B" >&2
    exit 2
    ;;
esac
