/* png.c - writes PNG files with libpng: screenshots and ticket images.
 * Through outfile: written beside its final name and renamed into place, so
 * a half-written PNG never appears under the requested name, and never over
 * the station's database, key or a device. */
#include <png.h>
#include <stdio.h>
#include <string.h>

#include "kiosk/outfile.h"
#include "kiosk/png.h"

KResult png_write(const char *path, int w, int h, int channels, const uint8_t *pixels, size_t pitch,
                  char *err, size_t errcap)
{
    OutFile out;
    int type = channels == 1   ? PNG_COLOR_TYPE_GRAY
               : channels == 3 ? PNG_COLOR_TYPE_RGB
                               : PNG_COLOR_TYPE_RGB_ALPHA;
    KResult r = outfile_open(&out, path, err, errcap);
    if (r != K_OK)
        return r;
    FILE *f = out.f;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        outfile_abort(&out);
        snprintf(err, errcap, "cannot encode PNG %s", path);
        return K_ERR_IO;
    }
    png_init_io(png, f);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, type, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, 1);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
    png_write_info(png, info);
    for (int y = 0; y < h; y++)
        png_write_row(png, (png_const_bytep)(pixels + (size_t)y * pitch));
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return outfile_commit(&out, err, errcap);
}
