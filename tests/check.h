/* check.h - the tiny assert header every tests/test_<module>.c includes.
 *
 * A failed CHECK prints file:line and the expression and the test carries
 * on, so one run shows every failure.  Each test file is one executable and
 * one translation unit, which is why the counters can live here as statics.
 * main() ends with `return CHECK_DONE();`. */
#ifndef KIOSK_TESTS_CHECK_H
#define KIOSK_TESTS_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed_count;
static int check_failed_count;

static inline void check_report(int ok, const char *file, int line, const char *expr)
{
    if (ok) {
        check_passed_count++;
        return;
    }
    check_failed_count++;
    fprintf(stderr, "%s:%d: CHECK failed: %s\n", file, line, expr);
}

static inline void check_report_str(const char *a, const char *b, const char *file, int line,
                                    const char *ea, const char *eb)
{
    int ok = a != NULL && b != NULL && strcmp(a, b) == 0;

    check_report(ok, file, line, "string equality");
    if (!ok)
        fprintf(stderr, "    %s = \"%s\"\n    %s = \"%s\"\n", ea, a ? a : "(null)", eb,
                b ? b : "(null)");
}

static inline void check_report_int(long long a, long long b, const char *file, int line,
                                    const char *ea, const char *eb)
{
    check_report(a == b, file, line, "integer equality");
    if (a != b)
        fprintf(stderr, "    %s = %lld\n    %s = %lld\n", ea, a, eb, b);
}

static inline int check_done(void)
{
    printf("%d passed, %d failed\n", check_passed_count, check_failed_count);
    return check_failed_count != 0;
}

#define CHECK(cond) check_report((cond) ? 1 : 0, __FILE__, __LINE__, #cond)
#define CHECK_STR_EQ(a, b) check_report_str((a), (b), __FILE__, __LINE__, #a, #b)
#define CHECK_INT_EQ(a, b)                                                                         \
    check_report_int((long long)(a), (long long)(b), __FILE__, __LINE__, #a, #b)
#define CHECK_DONE() check_done()

#endif
