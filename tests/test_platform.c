/* test_platform.c - unit tests for app/platform/platform.c that need no
 * display: turning a point on a rotated panel back to the kiosk's logical
 * coordinates. */
#include <stddef.h>

#include "check.h"
#include "kiosk/platform.h"

/* Turning the screen: a logical point shown on the turned panel comes back
 * to itself, for every angle (the forward maps written out independently). */
static void test_unrotate(void)
{
    const int lw = 1080, lh = 1920;
    const int pts[][2] = {{0, 0}, {1079, 0}, {0, 1919}, {1079, 1919}, {540, 100}, {17, 1234}};
    for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++) {
        int a = pts[i][0], b = pts[i][1], x, y;
        /* 0: the same point */
        platform_unrotate_point(0, lw, lh, a, b, &x, &y);
        CHECK(x == a && y == b);
        /* 90 clockwise: the panel is lh wide; (a, b) shows at (lh-1-b, a) */
        platform_unrotate_point(90, lw, lh, lh - 1 - b, a, &x, &y);
        CHECK(x == a && y == b);
        /* 180: (lw-1-a, lh-1-b) */
        platform_unrotate_point(180, lw, lh, lw - 1 - a, lh - 1 - b, &x, &y);
        CHECK(x == a && y == b);
        /* 270: (b, lw-1-a) */
        platform_unrotate_point(270, lw, lh, b, lw - 1 - a, &x, &y);
        CHECK(x == a && y == b);
    }
    /* The header's middle (logical top) is at the panel's right edge when
     * turned 90 degrees: a tap there comes back to the top. */
    int x, y;
    platform_unrotate_point(90, lw, lh, 1900, 540, &x, &y);
    CHECK(y < 150 && x == 540);
}

int main(void)
{
    test_unrotate();
    return CHECK_DONE();
}
