#!/usr/bin/env bash
# docs_links.sh SRC - every relative link and image in README.md, CHANGELOG.md
# and docs/*.md points at a file that exists, and a link's #anchor (to a
# Markdown file) names one of that file's headings (GitHub's slugs: lower
# case, punctuation dropped, spaces to hyphens, -1, -2 ... for repeats).
# Links inside fenced code blocks and web addresses are not checked.
# Exit 0 when all resolve, 1 naming each broken link, 2 on bad usage.
set -u
SRC=${1:-.}
cd "$SRC" || exit 2

# The anchors of a Markdown file's headings, one a line.
anchors() {
    awk '/^```/ { fence = !fence; next } !fence && /^#+ / { sub(/^#+ +/, ""); print }' "$1" |
        LC_ALL=C tr 'A-Z' 'a-z' | LC_ALL=C sed -e 's/[^a-z0-9 _-]//g' -e 's/ /-/g' |
        awk '{ n = seen[$0]++; print (n ? $0 "-" n : $0) }'
}

fails=0
checked=0
for md in README.md CHANGELOG.md docs/*.md; do
    [ -f "$md" ] || { echo "$md: missing"; fails=$((fails + 1)); continue; }
    dir=$(dirname "$md")
    # Each link target: the part inside ](...), outside fenced code blocks.
    targets=$(awk '/^```/ { fence = !fence; next } !fence { print }' "$md" |
        grep -o '](\([^)]*\))' | sed -e 's/^](//' -e 's/)$//' -e 's/ .*//')
    for t in $targets; do
        case "$t" in
        http://* | https://* | mailto:*) continue ;;
        esac
        checked=$((checked + 1))
        path=${t%%#*}
        anchor=
        [ "$path" != "$t" ] && anchor=${t#*#}
        if [ -z "$path" ]; then
            file=$md
        else
            file=$dir/$path
        fi
        if [ ! -e "$file" ]; then
            echo "$md: broken link: $t"
            fails=$((fails + 1))
            continue
        fi
        if [ -n "$anchor" ] && [ "${file%.md}" != "$file" ] && [ -f "$file" ]; then
            if ! anchors "$file" | grep -qxF -- "$anchor"; then
                echo "$md: no heading for #$anchor in $file"
                fails=$((fails + 1))
            fi
        fi
    done
done

echo "docs links: $checked checked, $fails broken"
[ "$fails" -eq 0 ] || exit 1
exit 0
