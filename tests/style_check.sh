#!/usr/bin/env bash
# style_check.sh SRC - the style rules that a machine can check:
# banned functions (sprintf, strcpy, strcat, strncpy, gets, strtok, atoi),
# clang-format (.clang-format) and cppcheck, when those tools are installed.
set -u
SRC=$1
cd "$SRC" || exit 2
fails=0
passes=0
files=$(git ls-files 'app/*.c' 'app/*.h' 'include/*.h' 'tests/*.c' 'tests/*.h' 2>/dev/null ||
        find app include tests -name '*.[ch]')

banned=$(grep -nE '(^|[^_a-z])(sprintf|strcpy|strcat|strncpy|gets|strtok|atoi)[[:space:]]*\(' $files |
         grep -v 'snprintf' || true)
if [ -n "$banned" ]; then
    echo "banned functions:"; echo "$banned"; fails=$((fails + 1))
else
    passes=$((passes + 1))
fi

if command -v clang-format >/dev/null; then
    if clang-format --dry-run -Werror $files; then passes=$((passes + 1)); else
        echo "clang-format: run 'clang-format -i' on the files above"; fails=$((fails + 1)); fi
else
    echo "clang-format not installed: skipped"
fi

if command -v cppcheck >/dev/null; then
    # Every layer's header folder (include/<layer>/kiosk/*.h).
    incs=()
    for d in include/*/; do incs+=("-I${d%/}"); done
    if cppcheck --quiet --enable=warning,performance,portability --std=c11 --inline-suppr \
        --error-exitcode=1 "${incs[@]}" -DKIOSK_SOURCE_DIR='""' -DKIOSK_DATA_DIR='""' app; then
        passes=$((passes + 1)); else fails=$((fails + 1)); fi
else
    echo "cppcheck not installed: skipped"
fi
echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
