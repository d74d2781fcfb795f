/*
 * Reference harness: decodes 8 kHz 16-bit mono WAV (or headerless .raw) files with spandsp's DTMF receiver, so that
 * the Java receiver can be compared on the same audio for results and for speed.
 *
 *   spandsp_dtmf [-n ITERATIONS] [-b BLOCK] FILE...
 *   spandsp_dtmf -s [-b BLOCK] FILE...
 *
 * Prints "PATH<TAB>DIGITS" per file. With -n, then times ITERATIONS passes over all files (fresh receiver state per
 * file and pass, BLOCK samples per call) on the process CPU clock and prints the audio seconds decoded per CPU second.
 * With -s, streams each file instead of loading it: reads BLOCK samples at a time (default 4096) with fread and hands
 * them to dtmf_rx, as an end-to-end decoder of long recordings would (memory independent of the file's length); time
 * it from outside (/usr/bin/time).
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <spandsp.h>

typedef struct {
    const char *path;
    int16_t *pcm;
    size_t samples;
} audio_t;

static uint32_t le32(const unsigned char *p) { return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t) p[3] << 24); }
static uint16_t le16(const unsigned char *p) { return (uint16_t) (p[0] | (p[1] << 8)); }

static int load(const char *path, audio_t *a) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "spandsp_dtmf: cannot open %s\n", path);
        return -1;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *bytes = malloc(size > 0 ? (size_t) size : 1);
    if (bytes == NULL || fread(bytes, 1, (size_t) size, f) != (size_t) size) {
        fprintf(stderr, "spandsp_dtmf: cannot read %s\n", path);
        fclose(f);
        free(bytes);
        return -1;
    }
    fclose(f);
    const unsigned char *data = bytes;
    size_t len = (size_t) size;
    if (size >= 12 && memcmp(bytes, "RIFF", 4) == 0 && memcmp(bytes + 8, "WAVE", 4) == 0) {
        size_t at = 12;
        int ok = 0;
        data = NULL;
        while (at + 8 <= (size_t) size) {
            uint32_t chunk = le32(bytes + at + 4);
            if (memcmp(bytes + at, "fmt ", 4) == 0 && chunk >= 16) {
                uint16_t format = le16(bytes + at + 8), channels = le16(bytes + at + 10), bits = le16(bytes + at + 22);
                uint32_t rate = le32(bytes + at + 12);
                ok = format == 1 && channels == 1 && bits == 16 && rate == 8000;
            } else if (memcmp(bytes + at, "data", 4) == 0) {
                data = bytes + at + 8;
                len = chunk <= (size_t) size - at - 8 ? chunk : (size_t) size - at - 8;
                break;
            }
            at += 8 + chunk + (chunk & 1);
        }
        if (!ok || data == NULL) {
            fprintf(stderr, "spandsp_dtmf: %s is not 8 kHz 16-bit mono PCM WAV\n", path);
            free(bytes);
            return -1;
        }
    }
    a->path = path;
    a->samples = len / 2;
    a->pcm = malloc(a->samples * sizeof(int16_t) + 1);
    for (size_t i = 0; i < a->samples; i++) {
        a->pcm[i] = (int16_t) le16(data + 2 * i);
    }
    free(bytes);
    return 0;
}

/* Digits go through the callback: spandsp's own buffer (dtmf_rx_get) keeps only the first 128. */
typedef struct {
    char *text;
    size_t len;
    size_t cap;
} digits_t;

static void on_digits(void *user_data, const char *digits, int len) {
    digits_t *d = user_data;
    if (d == NULL || len <= 0) {
        return;
    }
    if (d->len + (size_t) len + 1 > d->cap) {
        size_t cap = (d->cap + (size_t) len + 1) * 2;
        char *text = realloc(d->text, cap);
        if (text == NULL) {
            return;
        }
        d->text = text;
        d->cap = cap;
    }
    memcpy(d->text + d->len, digits, (size_t) len);
    d->len += (size_t) len;
    d->text[d->len] = '\0';
}

static void decode(dtmf_rx_state_t *rx, const audio_t *a, int block) {
    for (size_t at = 0; at < a->samples; at += (size_t) block) {
        size_t n = a->samples - at < (size_t) block ? a->samples - at : (size_t) block;
        dtmf_rx(rx, a->pcm + at, (int) n);
    }
}

/* Reads the RIFF header up to the data chunk of an 8 kHz 16-bit mono PCM WAV; returns the data size or -1. */
static long stream_header(FILE *f, const char *path) {
    unsigned char h[12];
    if (fread(h, 1, 12, f) != 12 || memcmp(h, "RIFF", 4) != 0 || memcmp(h + 8, "WAVE", 4) != 0) {
        fprintf(stderr, "spandsp_dtmf: %s is not a WAV file\n", path);
        return -1;
    }
    int ok = 0;
    unsigned char c[8];
    while (fread(c, 1, 8, f) == 8) {
        uint32_t chunk = le32(c + 4);
        if (memcmp(c, "fmt ", 4) == 0 && chunk >= 16 && chunk < 4096) {
            unsigned char fmt[4096];
            if (fread(fmt, 1, chunk + (chunk & 1), f) < chunk) {
                break;
            }
            ok = le16(fmt) == 1 && le16(fmt + 2) == 1 && le16(fmt + 14) == 16 && le32(fmt + 4) == 8000;
        } else if (memcmp(c, "data", 4) == 0) {
            if (!ok) {
                break;
            }
            return (long) chunk;
        } else if (fseek(f, (long) chunk + (chunk & 1), SEEK_CUR) != 0) {
            break;
        }
    }
    fprintf(stderr, "spandsp_dtmf: %s is not 8 kHz 16-bit mono PCM WAV\n", path);
    return -1;
}

static int stream(const char *path, int block) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "spandsp_dtmf: cannot open %s\n", path);
        return -1;
    }
    long left = stream_header(f, path);
    if (left < 0) {
        fclose(f);
        return -1;
    }
    int16_t *pcm = malloc((size_t) block * sizeof(int16_t));
    unsigned char *bytes = malloc((size_t) block * 2);
    digits_t digits = {NULL, 0, 0};
    dtmf_rx_state_t *rx = dtmf_rx_init(NULL, on_digits, &digits);
    size_t n;
    while (left > 1 && (n = fread(bytes, 2, (size_t) (left / 2 < block ? left / 2 : block), f)) > 0) {
        for (size_t i = 0; i < n; i++) {
            pcm[i] = (int16_t) le16(bytes + 2 * i);
        }
        dtmf_rx(rx, pcm, (int) n);
        left -= (long) n * 2;
    }
    printf("%s\t%s\n", path, digits.text != NULL ? digits.text : "");
    dtmf_rx_free(rx);
    free(digits.text);
    free(bytes);
    free(pcm);
    fclose(f);
    return 0;
}

int main(int argc, char **argv) {
    long iterations = 0;
    int block = 0;
    int streaming = 0;
    int first = 1;
    while (first < argc && argv[first][0] == '-') {
        if (strcmp(argv[first], "-s") == 0) {
            streaming = 1;
            first++;
        } else if (strcmp(argv[first], "-n") == 0 && first + 1 < argc) {
            iterations = atol(argv[first + 1]);
            first += 2;
        } else if (strcmp(argv[first], "-b") == 0 && first + 1 < argc) {
            block = atoi(argv[first + 1]);
            first += 2;
        } else {
            break;
        }
    }
    if (block == 0) {
        block = streaming ? 4096 : 160;
    }
    if (first >= argc || block < 1) {
        fprintf(stderr, "usage: spandsp_dtmf [-n ITERATIONS] [-b BLOCK] FILE... | spandsp_dtmf -s [-b BLOCK] FILE...\n");
        return 2;
    }
    if (streaming) {
        int failed = 0;
        for (int i = first; i < argc; i++) {
            failed |= stream(argv[i], block) != 0;
        }
        return failed ? 2 : 0;
    }
    int count = argc - first;
    audio_t *files = calloc((size_t) count, sizeof(audio_t));
    int status = 0;
    double total_samples = 0;
    dtmf_rx_state_t *rx = dtmf_rx_init(NULL, NULL, NULL);
    for (int i = 0; i < count; i++) {
        if (load(argv[first + i], &files[i]) != 0) {
            status = 2;
            continue;
        }
        digits_t digits = {NULL, 0, 0};
        dtmf_rx_init(rx, on_digits, &digits);
        decode(rx, &files[i], block);
        printf("%s\t%s\n", files[i].path, digits.text != NULL ? digits.text : "");
        free(digits.text);
        total_samples += (double) files[i].samples;
    }
    if (iterations > 0 && total_samples > 0) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
        for (long it = 0; it < iterations; it++) {
            for (int i = 0; i < count; i++) {
                if (files[i].pcm != NULL) {
                    dtmf_rx_init(rx, NULL, NULL);
                    decode(rx, &files[i], block);
                }
            }
        }
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
        double cpu = (double) (t1.tv_sec - t0.tv_sec) + (double) (t1.tv_nsec - t0.tv_nsec) / 1e9;
        double audio = total_samples * (double) iterations / 8000.0;
        printf("spandsp: %.1f audio-seconds in %.3f CPU-seconds = %.0fx real time per CPU-second (block %d)\n",
               audio, cpu, audio / cpu, block);
    }
    dtmf_rx_free(rx);
    return status;
}
