#ifndef DREAMFRAME_CJPEG_SHIM_H
#define DREAMFRAME_CJPEG_SHIM_H

/* libjpeg (libjpeg62-turbo) with small helpers Swift can call safely.
 *
 * libjpeg reports fatal errors through err->error_exit, which must not return. Swift cannot longjmp, so every call
 * into libjpeg happens inside the helpers below: their error_exit longjmps back into the helper, which cleans up
 * and returns an error code with libjpeg's message instead of aborting the process. */

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <jpeglib.h>
#include <jerror.h>

enum {
    DF_JPEG_OK = 0,
    DF_JPEG_ERR_LIBJPEG = 1,     /* libjpeg rejected the data (message in err) */
    DF_JPEG_ERR_COLORSPACE = 2,  /* a colour space the helper cannot convert to RGB */
    DF_JPEG_ERR_MEMORY = 3,      /* out of memory or image too large */
    DF_JPEG_ERR_ARGUMENT = 4     /* bad arguments (empty input, ...) */
};

/* The most pixels a decode accepts (about 200 MB of RGB): larger headers are refused before any allocation. */
#define DF_JPEG_MAX_PIXELS (1ULL << 26)

struct df_jpeg_error_mgr {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

static inline void df_jpeg_error_exit(j_common_ptr cinfo) {
    struct df_jpeg_error_mgr *mgr = (struct df_jpeg_error_mgr *)cinfo->err;
    mgr->pub.format_message(cinfo, mgr->message);
    longjmp(mgr->jump, 1);
}

/* Warnings (e.g. "corrupt JPEG data: extraneous bytes") are tolerated silently, except premature end of file: a
 * truncated file would otherwise decode "successfully" with its missing part grey. Trace messages are dropped. */
static inline void df_jpeg_emit_message(j_common_ptr cinfo, int msg_level) {
    if (msg_level < 0) {
        cinfo->err->num_warnings++;
        if (cinfo->err->msg_code == JWRN_JPEG_EOF) df_jpeg_error_exit(cinfo);
    }
}

/* Installs the handlers above; returns what cinfo.err takes. */
static inline struct jpeg_error_mgr *df_jpeg_init_error(struct df_jpeg_error_mgr *mgr) {
    struct jpeg_error_mgr *pub = jpeg_std_error(&mgr->pub);
    pub->error_exit = df_jpeg_error_exit;
    pub->emit_message = df_jpeg_emit_message;
    mgr->message[0] = '\0';
    return pub;
}

/* After jpeg_read_header: asks for RGB output (or CMYK, which df_jpeg_cmyk_to_rgb converts; libjpeg turns YCCK into
 * CMYK) and picks the DCT scale for max_side (see df_jpeg_decode). Returns 1 for CMYK output, 0 for RGB, -1 for a
 * colour space the helpers cannot convert. */
static inline int df_jpeg_configure(j_decompress_ptr cinfo, int max_side) {
    int cmyk = 0;
    switch (cinfo->jpeg_color_space) {
    case JCS_GRAYSCALE:
    case JCS_YCbCr:
    case JCS_RGB:
        cinfo->out_color_space = JCS_RGB;
        break;
    case JCS_CMYK:
    case JCS_YCCK:
        cinfo->out_color_space = JCS_CMYK;
        cmyk = 1;
        break;
    default:
        return -1;
    }
    cinfo->scale_num = 8;
    cinfo->scale_denom = 8;
    if (max_side > 0) {
        unsigned int longer = cinfo->image_width > cinfo->image_height ? cinfo->image_width : cinfo->image_height;
        unsigned int m = 1;
        while (m < 8 && (longer * m + 7) / 8 < (unsigned int)max_side) m++;
        cinfo->scale_num = m;
    }
    return cmyk;
}

/* Converts a row of CMYK to RGB; Adobe CMYK JPEGs (Photoshop) store the values inverted. */
static inline void df_jpeg_cmyk_to_rgb(const unsigned char *row, unsigned char *dst, size_t width, int inverted) {
    for (size_t x = 0; x < width; x++) {
        unsigned int c = row[x * 4], m = row[x * 4 + 1], yy = row[x * 4 + 2], k = row[x * 4 + 3];
        if (!inverted) { c = 255 - c; m = 255 - m; yy = 255 - yy; k = 255 - k; }
        dst[x * 3] = (unsigned char)((c * k + 127) / 255);
        dst[x * 3 + 1] = (unsigned char)((m * k + 127) / 255);
        dst[x * 3 + 2] = (unsigned char)((yy * k + 127) / 255);
    }
}

/* After jpeg_start_decompress: DF_JPEG_OK, or an error code (message set) for an unusable output size or component
 * count. */
static inline int df_jpeg_check_output(j_decompress_ptr cinfo, int cmyk) {
    struct df_jpeg_error_mgr *mgr = (struct df_jpeg_error_mgr *)cinfo->err;
    if (cinfo->output_width == 0 || cinfo->output_height == 0 || cinfo->output_width > 65535
        || cinfo->output_height > 65535) {
        strcpy(mgr->message, "image dimensions out of range");
        return DF_JPEG_ERR_MEMORY;
    }
    if (cinfo->output_components != (cmyk ? 4 : 3)) {
        strcpy(mgr->message, "unexpected component count");
        return DF_JPEG_ERR_COLORSPACE;
    }
    return DF_JPEG_OK;
}

static inline void df_jpeg_set_error(char *err, size_t errlen, const char *message) {
    if (err != NULL && errlen > 0) {
        strncpy(err, message, errlen - 1);
        err[errlen - 1] = '\0';
    }
}

/* Decodes a JPEG held in memory to packed RGB8 (3 bytes a pixel, no row padding).
 *
 * max_side > 0 asks for a cheaper, DCT-scaled decode (scale M/8, M = 1...8): the smallest scale whose longer side
 * is still >= max_side (or 1/8 if even that is larger). max_side <= 0 decodes at full size.
 * Grayscale, YCbCr/RGB and CMYK/YCCK (Adobe-inverted or not) sources are converted to RGB.
 * On success *out_rgb is malloc'ed (the caller frees it) and *w, *h are set; on failure *out_rgb is NULL and err
 * holds a NUL-terminated message. */
static inline int df_jpeg_decode(const unsigned char *data, size_t len, int max_side, unsigned char **out_rgb,
                                 int *w, int *h, char *err, size_t errlen) {
    struct jpeg_decompress_struct cinfo;
    struct df_jpeg_error_mgr jerr;
    /* Modified after setjmp, so volatile to survive the longjmp. */
    unsigned char *volatile rgb = NULL;
    unsigned char *volatile row = NULL;
    volatile int code = DF_JPEG_OK;

    *out_rgb = NULL;
    *w = 0;
    *h = 0;
    if (data == NULL || len == 0) {
        df_jpeg_set_error(err, errlen, "empty input");
        return DF_JPEG_ERR_ARGUMENT;
    }
    memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = df_jpeg_init_error(&jerr);
    if (setjmp(jerr.jump)) {
        df_jpeg_set_error(err, errlen, jerr.message[0] ? jerr.message : "libjpeg error");
        jpeg_destroy_decompress(&cinfo);
        free(rgb);
        free(row);
        return code != DF_JPEG_OK ? code : DF_JPEG_ERR_LIBJPEG;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, (unsigned char *)data, (unsigned long)len);
    jpeg_read_header(&cinfo, TRUE);
    /* Before libjpeg allocates anything image-sized (a progressive decode keeps every coefficient of the full image):
     * a header may claim 65535x65535 in a few bytes. */
    if ((unsigned long long)cinfo.image_width * cinfo.image_height > DF_JPEG_MAX_PIXELS) {
        code = DF_JPEG_ERR_MEMORY;
        strcpy(jerr.message, "image too large (more than 67 million pixels)");
        longjmp(jerr.jump, 1);
    }
    cinfo.mem->max_memory_to_use = 1024L * 1024L * 1024L;
    int cmyk = df_jpeg_configure(&cinfo, max_side);
    if (cmyk < 0) {
        code = DF_JPEG_ERR_COLORSPACE;
        strcpy(jerr.message, "unsupported JPEG colour space");
        longjmp(jerr.jump, 1);
    }
    jpeg_start_decompress(&cinfo);
    code = df_jpeg_check_output(&cinfo, cmyk);
    if (code != DF_JPEG_OK) longjmp(jerr.jump, 1);
    size_t width = cinfo.output_width, height = cinfo.output_height, comps = (size_t)cinfo.output_components;
    rgb = (unsigned char *)malloc(width * height * 3);
    row = (unsigned char *)malloc(width * comps);
    if (rgb == NULL || row == NULL) {
        code = DF_JPEG_ERR_MEMORY;
        strcpy(jerr.message, "out of memory");
        longjmp(jerr.jump, 1);
    }
    JSAMPROW rows[1];
    while (cinfo.output_scanline < cinfo.output_height) {
        unsigned char *dst = rgb + (size_t)cinfo.output_scanline * width * 3;
        rows[0] = cmyk ? row : dst;
        if (jpeg_read_scanlines(&cinfo, rows, 1) != 1) {
            strcpy(jerr.message, "decoder stalled");
            longjmp(jerr.jump, 1);
        }
        if (cmyk) df_jpeg_cmyk_to_rgb(row, dst, width, cinfo.saw_Adobe_marker);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    free(row);
    *out_rgb = rgb;
    *w = (int)width;
    *h = (int)height;
    return DF_JPEG_OK;
}

/* Encodes packed pixels to a JPEG in memory (used by tests to make baseline, progressive, grayscale and CMYK
 * fixtures). components: 1 (gray), 3 (RGB) or 4 (CMYK, written Adobe-inverted as Photoshop does).
 * On success *out is malloc'ed (the caller frees it) and *out_len set. */
static inline int df_jpeg_encode(const unsigned char *pixels, int width, int height, int components, int quality,
                                 int progressive, unsigned char **out, size_t *out_len, char *err, size_t errlen) {
    struct jpeg_compress_struct cinfo;
    struct df_jpeg_error_mgr jerr;
    unsigned char *volatile buffer = NULL;
    unsigned char *volatile row = NULL;
    unsigned long size = 0;

    *out = NULL;
    *out_len = 0;
    if (pixels == NULL || width <= 0 || height <= 0 || (components != 1 && components != 3 && components != 4)) {
        df_jpeg_set_error(err, errlen, "bad arguments");
        return DF_JPEG_ERR_ARGUMENT;
    }
    memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = df_jpeg_init_error(&jerr);
    if (setjmp(jerr.jump)) {
        df_jpeg_set_error(err, errlen, jerr.message[0] ? jerr.message : "libjpeg error");
        jpeg_destroy_compress(&cinfo);
        free(buffer);
        free(row);
        return DF_JPEG_ERR_LIBJPEG;
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, (unsigned char **)&buffer, &size);
    cinfo.image_width = (JDIMENSION)width;
    cinfo.image_height = (JDIMENSION)height;
    cinfo.input_components = components;
    cinfo.in_color_space = components == 1 ? JCS_GRAYSCALE : (components == 3 ? JCS_RGB : JCS_CMYK);
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    if (progressive) jpeg_simple_progression(&cinfo);
    jpeg_start_compress(&cinfo, TRUE);
    if (components == 4) {
        row = (unsigned char *)malloc((size_t)width * 4);
        if (row == NULL) {
            strcpy(jerr.message, "out of memory");
            longjmp(jerr.jump, 1);
        }
    }
    while (cinfo.next_scanline < cinfo.image_height) {
        const unsigned char *src = pixels + (size_t)cinfo.next_scanline * (size_t)width * (size_t)components;
        JSAMPROW rows[1];
        if (components == 4) {
            for (size_t i = 0; i < (size_t)width * 4; i++) row[i] = (unsigned char)(255 - src[i]);
            rows[0] = row;
        } else {
            rows[0] = (JSAMPROW)src;
        }
        jpeg_write_scanlines(&cinfo, rows, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    free(row);
    *out = buffer;
    *out_len = size;
    return DF_JPEG_OK;
}

#endif
