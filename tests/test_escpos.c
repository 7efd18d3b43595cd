/* test_escpos.c - unit tests for app/core/escpos.c: the exact byte layout
 * of a job (initialise, GS v 0 bands, feed, cut), a round trip through the
 * decoder in tests/tools/escpos_decode.c back to the same pixels, and the
 * inputs the encoder must refuse.  The decoder is included here so both
 * tools are tested against each other; its main() is left out. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "kiosk/escpos.h"

#define ESCPOS_DECODE_NO_MAIN
#include "tools/escpos_decode.c"

/* A deterministic pattern that differs in every row and column, so that a
 * swapped band, row or byte shows up as a pixel mismatch. */
static bool pattern_dot(int kind, int x, int y)
{
    switch (kind) {
    case 0: return ((x / 8) + (y / 8)) % 2 == 0; /* checkerboard of 8-dot squares */
    case 1: return (x * 7 + y * 3) % 5 == 0;
    default: return (x + y) % 3 == 0 || y == 128;
    }
}

/* A bitmap with stride wider than needed: the padding bytes hold 0xA5 and
 * must never reach the job. */
static Bitmap1 make_bitmap(int w, int h, int pad, int kind)
{
    Bitmap1 b = {w, h, w / 8 + pad, NULL};
    b.bits = malloc((size_t)b.stride * (size_t)h);
    memset(b.bits, 0xA5, (size_t)b.stride * (size_t)h);
    for (int y = 0; y < h; y++) {
        uint8_t *row = b.bits + (size_t)y * (size_t)b.stride;
        memset(row, 0, (size_t)w / 8);
        for (int x = 0; x < w; x++)
            if (pattern_dot(kind, x, y))
                row[x / 8] |= (uint8_t)(0x80 >> (x % 8));
    }
    return b;
}

static void check_round_trip(int w, int h, int pad, int kind)
{
    Bitmap1 b = make_bitmap(w, h, pad, kind);
    uint8_t *job = NULL;
    size_t len = 0;
    CHECK_INT_EQ(escpos_encode(&b, &job, &len), K_OK);
    if (!job) {
        free(b.bits);
        return;
    }
    size_t row_bytes = (size_t)w / 8;
    size_t bands = ((size_t)h + ESCPOS_BAND_ROWS - 1) / ESCPOS_BAND_ROWS;
    CHECK_INT_EQ(len, 2 + bands * 8 + row_bytes * (size_t)h + 3 + 4);

    /* ESC @ */
    CHECK(job[0] == 0x1B && job[1] == 0x40);
    /* Each band: GS v 0 0 xL xH yL yH and its rows, byte for byte. */
    size_t off = 2;
    bool rows_ok = true;
    for (size_t band = 0; band < bands; band++) {
        size_t rows = (size_t)h - band * ESCPOS_BAND_ROWS;
        if (rows > ESCPOS_BAND_ROWS)
            rows = ESCPOS_BAND_ROWS;
        CHECK(job[off] == 0x1D && job[off + 1] == 0x76 && job[off + 2] == 0x30 &&
              job[off + 3] == 0x00);
        CHECK_INT_EQ(job[off + 4] | job[off + 5] << 8, row_bytes);
        CHECK_INT_EQ(job[off + 6] | job[off + 7] << 8, rows);
        off += 8;
        for (size_t r = 0; r < rows; r++) {
            size_t y = band * ESCPOS_BAND_ROWS + r;
            if (memcmp(job + off, b.bits + y * (size_t)b.stride, row_bytes) != 0)
                rows_ok = false;
            off += row_bytes;
        }
    }
    CHECK(rows_ok);
    /* ESC d 4, GS V 66 0, and nothing after. */
    static const uint8_t tail[] = {0x1B, 0x64, 0x04, 0x1D, 0x56, 0x42, 0x00};
    CHECK_INT_EQ(off + sizeof tail, len);
    CHECK(memcmp(job + len - sizeof tail, tail, sizeof tail) == 0);

    /* Decoded back, every dot is where the pattern put it. */
    DecodedJob d;
    CHECK(escpos_decode_job(job, len, &d));
    CHECK_INT_EQ(d.width, w);
    CHECK_INT_EQ(d.height, h);
    CHECK_INT_EQ(d.bands, bands);
    CHECK(d.cut);
    CHECK_INT_EQ(d.feeds, 1);
    int wrong = 0;
    for (int y = 0; d.bits && y < d.height && y < h; y++)
        for (int x = 0; x < w; x++) {
            bool dot = (d.bits[(size_t)y * row_bytes + (size_t)x / 8] >> (7 - x % 8)) & 1;
            if (dot != pattern_dot(kind, x, y))
                wrong++;
        }
    if (wrong)
        fprintf(stderr, "    %dx%d: %d dots differ\n", w, h, wrong);
    CHECK_INT_EQ(wrong, 0);
    decoded_job_free(&d);
    free(job);
    free(b.bits);
}

static void test_layouts(void)
{
    check_round_trip(ESCPOS_WIDTH_58, 300, 0, 0); /* three bands: 128 + 128 + 44 */
    check_round_trip(ESCPOS_WIDTH_58, 300, 3, 1); /* the same with a padded stride */
    check_round_trip(ESCPOS_WIDTH_80, 1, 0, 1);   /* one row */
    check_round_trip(8, 129, 0, 2);               /* one row past a band boundary */
    check_round_trip(8, 128, 1, 2);               /* exactly one band */
    check_round_trip(8, 256, 0, 2);               /* exactly two bands */
}

static void test_refused(void)
{
    uint8_t bits[64] = {0};
    uint8_t *job = (uint8_t *)1;
    size_t len = 99;
    static const struct {
        int w, h, stride;
    } bad[] = {
        {0, 1, 1},       {-8, 1, 1}, {7, 1, 1},  {12, 1, 2}, {8, 0, 1},
        {8, -1, 1},      {16, 1, 1}, {8, 1, -1}, {8, 1, 0},  {8 * 65536, 1, 65536},
        {8, 1 << 21, 1},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        Bitmap1 b = {bad[i].w, bad[i].h, bad[i].stride, bits};
        KResult rc = escpos_encode(&b, &job, &len);
        if (rc != K_ERR_INVALID)
            fprintf(stderr, "    case %dx%d stride %d\n", bad[i].w, bad[i].h, bad[i].stride);
        CHECK_INT_EQ(rc, K_ERR_INVALID);
        CHECK(job == NULL);
        CHECK_INT_EQ(len, 0);
    }
    Bitmap1 no_bits = {8, 1, 1, NULL};
    CHECK_INT_EQ(escpos_encode(&no_bits, &job, &len), K_ERR_INVALID);
    CHECK_INT_EQ(escpos_encode(NULL, &job, &len), K_ERR_INVALID);
    Bitmap1 ok = {8, 1, 1, bits};
    CHECK_INT_EQ(escpos_encode(&ok, NULL, &len), K_ERR_INVALID);
    CHECK_INT_EQ(escpos_encode(&ok, &job, NULL), K_ERR_INVALID);
}

/* The decoder: truncated jobs never read past the end, foreign commands
 * are named with their offset, bands of different widths are refused. */
static void test_decoder(void)
{
    Bitmap1 b = make_bitmap(16, 130, 0, 1);
    uint8_t *job = NULL;
    size_t len = 0;
    CHECK_INT_EQ(escpos_encode(&b, &job, &len), K_OK);
    free(b.bits);
    if (!job)
        return;
    size_t first_band_end = 2 + 8 + 2 * 128;
    for (size_t n = 0; n < len; n++) {
        /* An exact copy, so ASan sees a read past the prefix. */
        uint8_t *prefix = malloc(n ? n : 1);
        memcpy(prefix, job, n);
        DecodedJob d;
        bool ok = escpos_decode_job(prefix, n, &d);
        if (n < first_band_end)
            CHECK(!ok);
        if (ok)
            CHECK(d.height == 128 || d.height == 130);
        decoded_job_free(&d);
        free(prefix);
    }

    DecodedJob d;
    job[len - 1] = 0x03; /* GS V 66 3: feed 3 dots, then cut */
    CHECK(escpos_decode_job(job, len, &d));
    decoded_job_free(&d);
    uint8_t saved = job[len - 7];
    job[len - 7] = 0x0A; /* a line feed instead of ESC d */
    CHECK(!escpos_decode_job(job, len, &d));
    char want[32];
    snprintf(want, sizeof want, "offset %zu:", len - 7);
    CHECK(strstr(d.err, want) != NULL);
    CHECK(strstr(d.err, "0x0A") != NULL);
    job[len - 7] = saved;

    /* A second band of another width. */
    job[2 + 8 + 2 * 128 + 4] = 3;
    CHECK(!escpos_decode_job(job, len, &d));
    CHECK(strstr(d.err, "width") != NULL);
    free(job);

    static const uint8_t other_cuts[] = {0x1B, 0x40, 0x1D, 0x76, 0x30, 0x00, 0x01, 0x00, 0x01,
                                         0x00, 0xFF, 0x1D, 0x56, 0x01, 0x1D, 0x56, 0x00};
    CHECK(escpos_decode_job(other_cuts, sizeof other_cuts, &d));
    CHECK(d.cut && d.width == 8 && d.height == 1 && d.bits && d.bits[0] == 0xFF);
    decoded_job_free(&d);

    static const uint8_t no_image[] = {0x1B, 0x40, 0x1D, 0x56, 0x42, 0x00};
    CHECK(!escpos_decode_job(no_image, sizeof no_image, &d));
    static const uint8_t text[] = {0x1B, 0x40, 'h', 'i'};
    CHECK(!escpos_decode_job(text, sizeof text, &d));
    CHECK(strstr(d.err, "offset 2:") != NULL);
}

/* The PBM the e2e tests feed to zbarimg: P4, the image inside a 32-dot
 * white border, read back through the tool's own file reader. */
static void test_pbm(void)
{
    Bitmap1 b = make_bitmap(16, 3, 0, 0);
    uint8_t *job = NULL;
    size_t len = 0;
    CHECK_INT_EQ(escpos_encode(&b, &job, &len), K_OK);
    DecodedJob d;
    CHECK(job && escpos_decode_job(job, len, &d));
    char path[] = "/tmp/test_escpos-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    CHECK(decode_write_pbm(&d, path));
    size_t got = 0;
    uint8_t *pbm = decode_read_file(path, &got);
    unlink(path);
    static const char header[] = "P4\n80 67\n";
    size_t hl = sizeof header - 1, row = 10;
    CHECK_INT_EQ(got, hl + row * 67);
    if (pbm && got == hl + row * 67) {
        CHECK(memcmp(pbm, header, hl) == 0);
        int wrong = 0;
        for (size_t y = 0; y < 67; y++)
            for (size_t x = 0; x < row; x++) {
                uint8_t want = 0;
                if (y >= 32 && y < 35 && x >= 4 && x < 6)
                    want = b.bits[(y - 32) * 2 + (x - 4)];
                if (pbm[hl + y * row + x] != want)
                    wrong++;
            }
        CHECK_INT_EQ(wrong, 0);
    }
    free(pbm);
    decoded_job_free(&d);
    free(job);
    free(b.bits);
}

int main(void)
{
    test_pbm();
    test_layouts();
    test_refused();
    test_decoder();
    return CHECK_DONE();
}
