/* qrpng.c: a QR code (libqrencode) as a PNG image, written here: a greyscale image of one byte per
 * pixel, each row after filter byte 0, deflated with zlib's compress(), in the chunks IHDR, IDAT
 * and IEND, each with its CRC-32 (PNG specification, ISO/IEC 15948). */
#include "api/meetings.h"

#include "core/arena.h"
#include "core/buf.h"

#include <qrencode.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

enum { QUIET_ZONE = 4 }; /* modules of white around the code (ISO/IEC 18004) */

static void put_u32(buf *b, uint32_t v)
{
    unsigned char x[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8), (unsigned char)v};
    buf_append(b, x, 4);
}

static void chunk(buf *b, const char type[4], const unsigned char *data, size_t n)
{
    put_u32(b, (uint32_t)n);
    size_t at = b->len;
    buf_append(b, type, 4);
    if (n)
        buf_append(b, data, n);
    uLong crc = crc32(0L, Z_NULL, 0);
    crc = crc32(crc, (const Bytef *)b->data + at, (uInt)(n + 4));
    put_u32(b, (uint32_t)crc);
}

unsigned char *qr_png(const char *text, int scale, size_t *len)
{
    QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr)
        return NULL;
    int side = (qr->width + 2 * QUIET_ZONE) * scale;
    size_t row = (size_t)side + 1, raw_len = row * (size_t)side;
    unsigned char *raw = xmalloc(raw_len);
    memset(raw, 0xFF, raw_len);
    for (int y = 0; y < side; y++) {
        unsigned char *r = raw + (size_t)y * row;
        r[0] = 0; /* filter: none */
        int my = y / scale - QUIET_ZONE;
        for (int x = 0; x < side; x++) {
            int mx = x / scale - QUIET_ZONE;
            if (my >= 0 && my < qr->width && mx >= 0 && mx < qr->width && (qr->data[my * qr->width + mx] & 1))
                r[1 + x] = 0;
        }
    }
    QRcode_free(qr);
    uLongf zlen = compressBound((uLong)raw_len);
    unsigned char *z = xmalloc(zlen);
    int zrc = compress(z, &zlen, raw, (uLong)raw_len);
    free(raw);
    if (zrc != Z_OK) {
        free(z);
        return NULL;
    }
    buf b = {0};
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    buf_append(&b, signature, 8);
    unsigned char ihdr[13];
    uint32_t s = (uint32_t)side;
    for (int i = 0; i < 2; i++) {
        ihdr[i * 4] = (unsigned char)(s >> 24);
        ihdr[i * 4 + 1] = (unsigned char)(s >> 16);
        ihdr[i * 4 + 2] = (unsigned char)(s >> 8);
        ihdr[i * 4 + 3] = (unsigned char)s;
    }
    ihdr[8] = 8;  /* bits per sample */
    ihdr[9] = 0;  /* greyscale */
    ihdr[10] = 0; /* deflate */
    ihdr[11] = 0; /* adaptive filtering */
    ihdr[12] = 0; /* no interlace */
    chunk(&b, "IHDR", ihdr, sizeof ihdr);
    chunk(&b, "IDAT", z, zlen);
    chunk(&b, "IEND", NULL, 0);
    free(z);
    return (unsigned char *)buf_steal(&b, len);
}
