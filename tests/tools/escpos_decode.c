/* escpos_decode.c - reads an ESC/POS print job back into an image.
 *
 *   escpos_decode JOB.bin OUT.pbm
 *
 * The end-to-end tests send tickets to a file: printer and need to see what
 * would come out of the printer: this parses the job (ESC @, GS v 0 raster
 * bands, ESC d feed, GS V cut) and writes a binary PBM with a 32-dot white
 * border, so zbarimg finds the QR code's quiet zone even when the code
 * touches the edge of the paper.  Any other command is an error naming its
 * byte offset: the kiosk should send nothing else.  One line of summary goes
 * to stdout: "WIDTHxHEIGHT dots, N bands, cut".
 *
 * tests/test_escpos.c includes this file with ESCPOS_DECODE_NO_MAIN defined
 * to decode jobs in memory, which is why everything here is static. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DECODE_BORDER 32             /* dots of white on each side of the PBM */
#define DECODE_MAX_ROWS (1 << 20)    /* refuse absurd images instead of exhausting memory */
#define DECODE_MAX_FILE (256u << 20) /* bytes */

typedef struct {
    int width, height; /* dots; width is a multiple of 8 */
    int bands;
    int feeds; /* ESC d commands seen */
    bool cut;
    uint8_t *bits; /* height rows of width/8 bytes, 1 = black; malloc'd */
    char err[160]; /* why decoding failed */
} DecodedJob;

static void decoded_job_free(DecodedJob *job)
{
    if (!job)
        return;
    free(job->bits);
    job->bits = NULL;
}

static bool decode_fail(DecodedJob *job, size_t off, const char *what)
{
    snprintf(job->err, sizeof job->err, "offset %zu: %s", off, what);
    free(job->bits);
    job->bits = NULL;
    return false;
}

/* Parses len bytes of data into *job.  On failure returns false with
 * job->err naming the offset and job->bits freed; on success the caller
 * frees with decoded_job_free().  A job without any raster band fails. */
static bool escpos_decode_job(const uint8_t *data, size_t len, DecodedJob *job)
{
    memset(job, 0, sizeof *job);
    size_t off = 0;
    while (off < len) {
        size_t left = len - off;
        const uint8_t *p = data + off;
        if (p[0] == 0x1B) {
            if (left < 2)
                return decode_fail(job, off, "truncated ESC command");
            if (p[1] == 0x40) { /* ESC @ */
                off += 2;
                continue;
            }
            if (p[1] == 0x64) { /* ESC d n */
                if (left < 3)
                    return decode_fail(job, off, "truncated ESC d");
                job->feeds++;
                off += 3;
                continue;
            }
            return decode_fail(job, off, "unsupported ESC command");
        }
        if (p[0] == 0x1D) {
            if (left < 2)
                return decode_fail(job, off, "truncated GS command");
            if (p[1] == 0x56) { /* GS V */
                if (left < 3)
                    return decode_fail(job, off, "truncated GS V");
                if (p[2] == 0x00 || p[2] == 0x01) {
                    job->cut = true;
                    off += 3;
                    continue;
                }
                if (p[2] == 0x42) {
                    if (left < 4)
                        return decode_fail(job, off, "truncated GS V 66");
                    job->cut = true;
                    off += 4;
                    continue;
                }
                return decode_fail(job, off, "unsupported GS V cut mode");
            }
            if (p[1] == 0x76) { /* GS v 0 m xL xH yL yH d... */
                if (left < 8)
                    return decode_fail(job, off, "truncated GS v 0 header");
                if (p[2] != 0x30)
                    return decode_fail(job, off, "unsupported GS v command");
                if (p[3] != 0x00)
                    return decode_fail(job, off, "unsupported GS v 0 mode (scaled raster)");
                size_t row_bytes = (size_t)p[4] | (size_t)p[5] << 8;
                size_t rows = (size_t)p[6] | (size_t)p[7] << 8;
                if (row_bytes == 0 || rows == 0)
                    return decode_fail(job, off, "empty GS v 0 band");
                if (job->bands > 0 && row_bytes * 8 != (size_t)job->width)
                    return decode_fail(job, off, "band width differs from the first band");
                size_t body = row_bytes * rows; /* at most 65535 * 65535: no overflow */
                if (left - 8 < body)
                    return decode_fail(job, off, "truncated GS v 0 band data");
                if ((size_t)job->height + rows > DECODE_MAX_ROWS)
                    return decode_fail(job, off, "image too tall");
                size_t have = (size_t)job->height * row_bytes;
                uint8_t *grown = realloc(job->bits, have + body);
                if (!grown)
                    return decode_fail(job, off, "out of memory");
                job->bits = grown;
                memcpy(job->bits + have, p + 8, body);
                job->width = (int)(row_bytes * 8);
                job->height += (int)rows;
                job->bands++;
                off += 8 + body;
                continue;
            }
            return decode_fail(job, off, "unsupported GS command");
        }
        char what[48];
        snprintf(what, sizeof what, "unexpected byte 0x%02X", p[0]);
        return decode_fail(job, off, what);
    }
    if (job->bands == 0)
        return decode_fail(job, off, "no raster image in the job");
    return true;
}

/* Writes job as a binary PBM (P4) with DECODE_BORDER white dots around it.
 * Returns false on any allocation or write error. */
static bool decode_write_pbm(const DecodedJob *job, const char *path)
{
    size_t row_bytes = (size_t)job->width / 8;
    size_t pad = DECODE_BORDER / 8;
    size_t out_row = row_bytes + 2 * pad;
    uint8_t *line = calloc(out_row, 1);
    FILE *f = fopen(path, "wb");
    bool ok = line && f;
    if (ok)
        ok = fprintf(f, "P4\n%d %d\n", job->width + 2 * DECODE_BORDER,
                     job->height + 2 * DECODE_BORDER) > 0;
    for (int y = 0; ok && y < DECODE_BORDER; y++)
        ok = fwrite(line, 1, out_row, f) == out_row;
    for (int y = 0; ok && y < job->height; y++) {
        memcpy(line + pad, job->bits + (size_t)y * row_bytes, row_bytes);
        ok = fwrite(line, 1, out_row, f) == out_row;
    }
    if (line)
        memset(line, 0, out_row);
    for (int y = 0; ok && y < DECODE_BORDER; y++)
        ok = fwrite(line, 1, out_row, f) == out_row;
    if (f && fclose(f) != 0)
        ok = false;
    free(line);
    return ok;
}

/* Reads a whole file into a malloc'd buffer; NULL on failure. */
static uint8_t *decode_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
        if (n == cap) {
            if (cap >= DECODE_MAX_FILE) {
                free(buf);
                buf = NULL;
                break;
            }
            uint8_t *grown = realloc(buf, cap * 2);
            if (!grown) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = grown;
            cap *= 2;
        }
    }
    if (buf && ferror(f)) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = n;
    return buf;
}

#ifndef ESCPOS_DECODE_NO_MAIN
int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: escpos_decode JOB.bin OUT.pbm\n");
        return 2;
    }
    size_t len = 0;
    uint8_t *data = decode_read_file(argv[1], &len);
    if (!data) {
        fprintf(stderr, "escpos_decode: cannot read %s\n", argv[1]);
        return 1;
    }
    DecodedJob job;
    bool ok = escpos_decode_job(data, len, &job);
    free(data);
    if (!ok) {
        fprintf(stderr, "escpos_decode: %s: %s\n", argv[1], job.err);
        return 1;
    }
    if (!decode_write_pbm(&job, argv[2])) {
        fprintf(stderr, "escpos_decode: cannot write %s\n", argv[2]);
        decoded_job_free(&job);
        return 1;
    }
    printf("%dx%d dots, %d bands, %s\n", job.width, job.height, job.bands,
           job.cut ? "cut" : "no cut");
    decoded_job_free(&job);
    return 0;
}
#endif
