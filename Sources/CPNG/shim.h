#ifndef DREAMFRAME_CPNG_SHIM_H
#define DREAMFRAME_CPNG_SHIM_H

/* libpng (libpng16) with two helpers Swift can call safely.
 *
 * libpng reports fatal errors through its error callback, which must not return. Swift cannot longjmp, so every
 * call into libpng happens inside the helpers below: their error callback records libpng's message and longjmps
 * back into the helper, which frees what it allocated and returns an error code instead of aborting the process.
 * Warnings do not stop decoding. Nothing is written to stderr. */

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <png.h>
#include <zlib.h>

enum {
    DF_PNG_OK = 0,
    DF_PNG_ERR_LIBPNG = 1,   /* libpng rejected the data, the image is over the caller's limits, or out of memory */
    DF_PNG_ERR_MEMORY = 2,   /* libpng's structures could not be created */
    DF_PNG_ERR_ARGUMENT = 3  /* bad arguments (empty input, ...) */
};

/* Error and I/O state shared with libpng's callbacks. */
struct df_png_io {
    const unsigned char *input;  /* decoding: the PNG bytes */
    size_t input_length;
    size_t position;
    unsigned char *output;       /* encoding: the growing PNG (malloc'ed) */
    size_t output_length;
    size_t output_capacity;
    char message[200];           /* the error */
    char warning[120];           /* the latest warning, which often says why (e.g. which IHDR field is wrong) */
};

static inline void df_png_error(png_structp png, png_const_charp message) {
    struct df_png_io *io = (struct df_png_io *)png_get_error_ptr(png);
    if (io != NULL && io->message[0] == '\0') {
        if (io->warning[0] != '\0')
            snprintf(io->message, sizeof io->message, "%s (libpng warned: %s)", message, io->warning);
        else
            snprintf(io->message, sizeof io->message, "%s", message);
    }
    png_longjmp(png, 1);
}

/* Warnings are kept for the error message only: a damaged ancillary chunk, say, does not stop decoding. */
static inline void df_png_warning(png_structp png, png_const_charp message) {
    struct df_png_io *io = (struct df_png_io *)png_get_error_ptr(png);
    if (io != NULL) snprintf(io->warning, sizeof io->warning, "%s", message);
}

static inline void df_png_read(png_structp png, png_bytep out, size_t count) {
    struct df_png_io *io = (struct df_png_io *)png_get_io_ptr(png);
    if (count > io->input_length - io->position) png_error(png, "unexpected end of file (truncated PNG)");
    memcpy(out, io->input + io->position, count);
    io->position += count;
}

static inline void df_png_write(png_structp png, png_bytep data, size_t count) {
    struct df_png_io *io = (struct df_png_io *)png_get_io_ptr(png);
    if (count > io->output_capacity - io->output_length) {
        size_t capacity = io->output_capacity * 2 > io->output_length + count
            ? io->output_capacity * 2 : io->output_length + count;
        unsigned char *grown = (unsigned char *)realloc(io->output, capacity);
        if (grown == NULL) png_error(png, "out of memory");
        io->output = grown;
        io->output_capacity = capacity;
    }
    memcpy(io->output + io->output_length, data, count);
    io->output_length += count;
}

static inline void df_png_flush(png_structp png) {
    (void)png;
}

static inline void df_png_set_error(char *err, size_t errlen, const char *message) {
    if (err != NULL && errlen > 0) snprintf(err, errlen, "%s", message);
}

/* After png_read_info: refuses an image of more than max_pixels pixels, then asks libpng to turn any valid PNG into
 * 8-bit RGB: palette, low-bit grey and tRNS expanded, 16-bit samples scaled (rounded) to 8 bits, grey replicated to
 * RGB, alpha composited over black, Adam7 passes merged. */
static inline void df_png_prepare_rgb8(png_structp png, png_infop info, size_t max_pixels) {
    size_t width = png_get_image_width(png, info), height = png_get_image_height(png, info);
    if (width * height > max_pixels) {
        char message[120];
        snprintf(message, sizeof message, "image too large: %zu x %zu pixels, the limit is %zu pixels",
                 width, height, max_pixels);
        png_error(png, message);
    }
    int depth = png_get_bit_depth(png, info), color = png_get_color_type(png, info);
    int transparent = (color & PNG_COLOR_MASK_ALPHA) != 0 || png_get_valid(png, info, PNG_INFO_tRNS) != 0;
    if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS) != 0) png_set_tRNS_to_alpha(png);
    if (depth == 16) png_set_scale_16(png);
    if ((color & PNG_COLOR_MASK_COLOR) == 0) png_set_gray_to_rgb(png);
    if (transparent) {
        png_color_16 black;
        memset(&black, 0, sizeof black);
        png_set_background_fixed(png, &black, PNG_BACKGROUND_GAMMA_SCREEN, 0, PNG_FP_1);
    }
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_rowbytes(png, info) != width * 3 || png_get_bit_depth(png, info) != 8)
        png_error(png, "libpng did not convert the image to 8-bit RGB");
}

/* Decodes a PNG held in memory to packed RGB8 (3 bytes a pixel, no row padding). Every valid PNG is accepted (see
 * df_png_prepare_rgb8); images with a side over max_side or more than max_pixels pixels are refused before any
 * pixel memory is allocated. The whole file must be present, up to IEND.
 * On success *out_rgb is malloc'ed (the caller frees it) and *w, *h are set; on failure *out_rgb is NULL and err
 * holds a NUL-terminated message. */
static inline int df_png_decode(const unsigned char *data, size_t len, unsigned int max_side, size_t max_pixels,
                                unsigned char **out_rgb, int *w, int *h, char *err, size_t errlen) {
    struct df_png_io io;
    png_structp png;
    png_infop info;
    /* Modified after setjmp, so volatile to survive the longjmp. */
    unsigned char *volatile rgb = NULL;
    png_bytepp volatile rows = NULL;

    *out_rgb = NULL;
    *w = 0;
    *h = 0;
    if (data == NULL || len == 0 || max_side == 0 || max_side > 0x7fffffffu) {
        df_png_set_error(err, errlen, data == NULL || len == 0 ? "empty input" : "bad size limit");
        return DF_PNG_ERR_ARGUMENT;
    }
    memset(&io, 0, sizeof io);
    io.input = data;
    io.input_length = len;
    png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &io, df_png_error, df_png_warning);
    info = png == NULL ? NULL : png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_read_struct(png == NULL ? NULL : &png, NULL, NULL);
        df_png_set_error(err, errlen, "cannot create the libpng reader");
        return DF_PNG_ERR_MEMORY;
    }
    if (setjmp(png_jmpbuf(png))) {
        df_png_set_error(err, errlen, io.message[0] ? io.message : "libpng error");
        png_destroy_read_struct(&png, &info, NULL);
        free(rgb);
        free(rows);
        return DF_PNG_ERR_LIBPNG;
    }
    png_set_read_fn(png, &io, df_png_read);
    png_set_user_limits(png, max_side, max_side);
    png_read_info(png, info);
    df_png_prepare_rgb8(png, info, max_pixels);

    size_t width = png_get_image_width(png, info), height = png_get_image_height(png, info);
    rgb = (unsigned char *)malloc(width * height * 3);
    rows = (png_bytepp)malloc(height * sizeof(png_bytep));
    if (rgb == NULL || rows == NULL) png_error(png, "out of memory");
    for (size_t y = 0; y < height; y++) rows[y] = rgb + y * width * 3;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);
    free(rows);
    *out_rgb = rgb;
    *w = (int)width;
    *h = (int)height;
    return DF_PNG_OK;
}

/* How df_png_encode lays out the file. */
struct df_png_format {
    int bit_depth;                 /* 1, 2, 4, 8 or 16, as PNG allows for the colour type */
    int color_type;                /* PNG_COLOR_TYPE_GRAY, _GRAY_ALPHA, _RGB, _RGB_ALPHA or _PALETTE */
    int interlaced;                /* 0: none, 1: Adam7 */
    int compression_level;         /* zlib level, 0...9 */
    const unsigned char *palette;  /* colour type PALETTE: palette_entries RGB triples */
    int palette_entries;
    const unsigned char *alphas;   /* optional tRNS for a palette: one alpha for each of the first alpha_entries */
    int alpha_entries;
    int fast_rows;                 /* 0: libpng's adaptive filter choice and zlib's default strategy; 1: every row
                                      filtered Up and zlib's run-length strategy (Z_RLE), several times faster for
                                      rendered frames at about the same size; the pixels are the same either way */
};

/* Encodes pixels to a PNG in memory. `pixels` holds the rows without padding, one sample a byte for bit depths up to
 * 8 (libpng packs 1, 2 and 4-bit samples) and two bytes, big-endian, a sample at depth 16. Rows are filtered with
 * libpng's adaptive heuristic, or all with Up (format->fast_rows). No time or text chunk is written, so the same pixels give the same bytes.
 * On success *out is malloc'ed (the caller frees it) and *out_len set. */
static inline int df_png_encode(const unsigned char *pixels, int width, int height, const struct df_png_format *format,
                                unsigned char **out, size_t *out_len, char *err, size_t errlen) {
    struct df_png_io io;
    png_structp png;
    png_infop info;
    png_bytepp volatile rows = NULL;

    *out = NULL;
    *out_len = 0;
    if (pixels == NULL || format == NULL || width <= 0 || height <= 0) {
        df_png_set_error(err, errlen, "bad arguments");
        return DF_PNG_ERR_ARGUMENT;
    }
    memset(&io, 0, sizeof io);
    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &io, df_png_error, df_png_warning);
    info = png == NULL ? NULL : png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_write_struct(png == NULL ? NULL : &png, NULL);
        df_png_set_error(err, errlen, "cannot create the libpng writer");
        return DF_PNG_ERR_MEMORY;
    }
    if (setjmp(png_jmpbuf(png))) {
        df_png_set_error(err, errlen, io.message[0] ? io.message : "libpng error");
        png_destroy_write_struct(&png, &info);
        free(rows);
        free(io.output);
        return DF_PNG_ERR_LIBPNG;
    }
    png_set_write_fn(png, &io, df_png_write, df_png_flush);
    png_set_compression_level(png, format->compression_level);
    if (format->fast_rows) {
        png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
        png_set_compression_strategy(png, Z_RLE);
    }
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, format->bit_depth, format->color_type,
                 format->interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    if (format->color_type == PNG_COLOR_TYPE_PALETTE && format->palette != NULL)
        png_set_PLTE(png, info, (png_const_colorp)format->palette, format->palette_entries);
    if (format->alphas != NULL && format->alpha_entries > 0)
        png_set_tRNS(png, info, format->alphas, format->alpha_entries, NULL);
    png_write_info(png, info);
    if (format->bit_depth < 8) png_set_packing(png);

    int channels = png_get_channels(png, info);
    size_t stride = (size_t)width * (size_t)channels * (format->bit_depth == 16 ? 2 : 1);
    rows = (png_bytepp)malloc((size_t)height * sizeof(png_bytep));
    if (rows == NULL) png_error(png, "out of memory");
    for (size_t y = 0; y < (size_t)height; y++) rows[y] = (png_bytep)pixels + y * stride;
    png_write_image(png, rows);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    free(rows);
    *out = io.output;
    *out_len = io.output_length;
    return DF_PNG_OK;
}

#endif
