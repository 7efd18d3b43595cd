#!/usr/bin/env bash
# Printing through a real CUPS: the test starts its own cupsd in its temp
# folder (its own configuration, a Unix socket there, its own spool, cache,
# state and logs; libcups finds it through CUPS_SERVER) with queues whose
# backend is a small script of the test's: one writes the job to a file, one
# never finishes.  `kiosk admin ticket print` must say printed only for a job
# CUPS completed; a stopped or refusing queue is refused before sending with
# what CUPS says; a job still out at the deadline is cancelled; a missing
# queue gives CUPS's own message.  Needs root (cupsd runs backends as lp);
# exits 77 (skipped, and says why) where cupsd cannot run.
. "$(dirname "$0")/lib.sh"
DECODE="${3:-}/escpos_decode"
skip() { echo "e2e_cups: SKIPPED: $*" >&2; rm -rf "$OUT"; exit 77; }
command -v cupsd >/dev/null || skip "no cupsd here (apt-get install cups-daemon cups-client)"
command -v lpadmin >/dev/null || skip "no lpadmin here (apt-get install cups-client)"
[ "$(id -u)" -eq 0 ] || skip "cupsd needs root to run its backends as lp"

# cupsd runs the backend as lp: the folders it crosses must be open to it.
chmod 755 "$OUT"
C=$OUT/cups
mkdir -p "$C/spool" "$C/cache" "$C/state" "$C/log" "$C/tmp" "$C/bin/backend" "$C/out"
chmod 1777 "$C/tmp" "$C/out"
for d in filter daemon cgi-bin monitor notifier; do ln -s "/usr/lib/cups/$d" "$C/bin/$d"; done
cat > "$C/bin/backend/kiosktest" <<'B'
#!/bin/sh
# kiosktest:/PATH writes the job to PATH; kiosktest:/hang never finishes;
# kiosktest:/fail fails like an unplugged printer.
[ $# -eq 0 ] && { echo 'direct kiosktest "Unknown" "kiosk test backend"'; exit 0; }
path=${DEVICE_URI#kiosktest:}
[ "$path" = /hang ] && exec sleep 60
[ "$path" = /fail ] && { echo "ERROR: printer unplugged (test backend)" >&2; exit 1; }
if [ $# -ge 6 ]; then cat "$6"; else cat; fi > "$path"
B
chmod 755 "$C/bin" "$C/bin/backend" "$C/bin/backend/kiosktest"
cat > "$C/cupsd.conf" <<CONF
Listen $C/cups.sock
LogLevel info
WebInterface No
Browsing No
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
CONF
cat > "$C/cups-files.conf" <<CONF
ServerRoot $C
ServerBin $C/bin
RequestRoot $C/spool
CacheDir $C/cache
StateDir $C/state
TempDir $C/tmp
ErrorLog $C/log/error_log
AccessLog $C/log/access_log
PageLog $C/log/page_log
CONF
export CUPS_SERVER=$C/cups.sock
cupsd -f -c "$C/cupsd.conf" -s "$C/cups-files.conf" & cupsd_pid=$!
trap 'kill $cupsd_pid 2>/dev/null; wait $cupsd_pid 2>/dev/null' EXIT
for i in $(seq 50); do lpstat -r >/dev/null 2>&1 && break; sleep 0.1; done
lpstat -r >/dev/null 2>&1 || { cat "$C/log/error_log" >&2; skip "cupsd did not start"; }
lpadmin -p kq -E -v "kiosktest:$C/out/job.bin" 2>/dev/null
lpadmin -p hang -E -v "kiosktest:/hang" 2>/dev/null
lpadmin -p unplugged -E -v "kiosktest:/fail" -o printer-error-policy=stop-printer 2>/dev/null
lpadmin -p aborts -E -v "kiosktest:/fail" -o printer-error-policy=abort-job 2>/dev/null
lpstat -p kq >/dev/null 2>&1 || { cat "$C/log/error_log" >&2; skip "lpadmin could not create a queue"; }

# a database with one ticket, and a short deadline
echo "expect-screen home" > "$OUT/empty.txt"
"$KIOSK" --headless --db "$DB" --script "$OUT/empty.txt" >/dev/null
"$KIOSK" admin --db "$DB" demo requests 1 >/dev/null
printf '[printer]\ntimeout_ms = 1500\n' > "$OUT/k.ini"
print() { # QUEUE: prints ticket 1 there; stderr in $OUT/err
    "$KIOSK" admin --db "$DB" --config "$OUT/k.ini" ticket print 1 --printer "cups:$1" >/dev/null 2>"$OUT/err"
    local rc=$?
    sed 's/^/  said: /' "$OUT/err" >&2
    return $rc
}
jobs_of() { lpstat -W all -o "$1" 2>/dev/null | wc -l; }

# an enabled queue: printed, and the job CUPS completed is the receipt
print kq
check "enabled queue: printed (exit 0)" [ $? -eq 0 ]
"$KIOSK" admin --db "$DB" ticket print 1 --printer "file:$OUT/ref.bin" >/dev/null
check "enabled queue: the device got the receipt byte for byte" cmp -s "$C/out/job.bin" "$OUT/ref.bin"
check "enabled queue: it decodes (384 dots)" bash -c "'$DECODE' '$C/out/job.bin' /dev/null | grep -q '^384x'"
check "enabled queue: CUPS says completed" [ "$(lpstat -W completed -o kq | wc -l)" -eq 1 ]

# a stopped queue (what CUPS does after a backend failure, or cupsdisable):
# refused before sending, with CUPS's reason
rm -f "$C/out/job.bin"
cupsdisable -r "Printer unplugged (test)" kq
before=$(jobs_of kq)
print kq
check "stopped queue: exit 3" [ $? -eq 3 ]
check "stopped queue: says stopped and CUPS's reason" grep -q 'queue is stopped: "Printer unplugged (test)"' "$OUT/err"
check "stopped queue: nothing sent" [ "$(jobs_of kq)" -eq "$before" ] && [ ! -e "$C/out/job.bin" ]
cupsenable kq

# a queue that does not accept jobs
cupsreject -r "Closed for the night (test)" kq
print kq
check "rejecting queue: exit 3" [ $? -eq 3 ]
check "rejecting queue: says so with CUPS's reason" grep -q 'not accepting jobs: "Closed for the night (test)"' "$OUT/err"
cupsaccept kq

# a device that never finishes: cancelled at the deadline, not printed
print hang
check "hung device: exit 3" [ $? -eq 3 ]
check "hung device: still printing at the deadline, cancelled" grep -q 'still printing after 1500 ms.*cancelled' "$OUT/err"
check "hung device: CUPS shows the job cancelled" [ -z "$(lpstat -W not-completed -o hang)" ]

# a backend failure with the stop-printer policy: CUPS stops the queue and
# keeps the job (other policies hold it and retry); the send
# cancels it at the deadline, and the next one is refused with the reason
print unplugged
check "unplugged: exit 3" [ $? -eq 3 ]
check "unplugged: not printed, cancelled" grep -q 'cancelled' "$OUT/err"
print unplugged
check "unplugged, again: exit 3" [ $? -eq 3 ]
check "unplugged, again: refused, the queue is stopped" grep -q 'queue is stopped' "$OUT/err"
# with the abort-job policy CUPS aborts the job: a failure, said at once
print aborts
check "aborted job: exit 3" [ $? -eq 3 ]
check "aborted job: says CUPS aborted it" grep -q 'CUPS aborted job' "$OUT/err"

# held jobs (every job on the queue held): cancelled at the deadline
lpadmin -p kq -o job-hold-until-default=indefinite
rm -f "$C/out/job.bin"
print kq
check "held job: exit 3" [ $? -eq 3 ]
check "held job: held at the deadline, cancelled" grep -q 'held after 1500 ms.*cancelled' "$OUT/err"
check "held job: nothing printed, nothing left queued" [ ! -e "$C/out/job.bin" ] && [ -z "$(lpstat -W not-completed -o kq)" ]
lpadmin -p kq -o job-hold-until-default=no-hold

# a queue that does not exist: CUPS's own words
print nosuchqueue
check "missing queue: exit 3" [ $? -eq 3 ]
check "missing queue: CUPS's message" grep -q 'cups:nosuchqueue: The printer or class does not exist' "$OUT/err"
check "missing queue: not a file error" bash -c "! grep -qi 'no such file' '$OUT/err'"
finish
