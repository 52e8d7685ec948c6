/* sign.c — bench_sign: PAdES signatures per second on a receipt-sized PDF, with a PKCS#12
 * file key and with the same key in a SoftHSM2 token through PKCS#11 (the OpenSSL pkcs11
 * engine), one thread each, for --seconds. The PKI comes from tests/support/sign-ca.sh DIR
 * softhsm (SOFTHSM2_CONF must point at DIR/softhsm2.conf). Prints key=value pairs for
 * bench/run.sh: file_per_second, hsm_per_second. */
#include "buf.h"
#include "pades.h"
#include "pdfdoc.h"
#include "sign_key.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int draw(struct pdfdoc *d, const void *ctx)
{
    (void)ctx;
    pdf_title(d, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả");
    return pdf_text(d, "Bộ phận Một cửa xã Bàn Tân Định tiếp nhận hồ sơ của ông Nguyễn Văn An.",
                    PDF_INDENT);
}

/* Signatures per second with the key of spec during seconds. */
static double rate(const char *spec, const char *module, const char *chain, const struct buf *pdf,
                   double seconds)
{
    struct sign_key_config c = {
        .spec = spec, .pin = "1234", .pkcs11_module = module, .chain_file = chain};
    struct sign_key *k = NULL;
    struct err e = {0};
    if (sign_key_open(&c, &k, &e)) {
        fprintf(stderr, "bench_sign: %s\n", e.msg);
        return -1;
    }
    struct pades_request r = {.field_name = "ky", .signing_time = 1800000000};
    struct buf out;
    buf_init(&out, 4 << 20);
    long n = 0;
    double start = now_s(), end = start + seconds;
    while (now_s() < end) {
        buf_reset(&out);
        if (pades_sign(k, pdf->data, pdf->len, &r, &out, &e)) {
            fprintf(stderr, "bench_sign: %s\n", e.msg);
            break;
        }
        n++;
    }
    double took = now_s() - start;
    buf_free(&out);
    sign_key_close(k);
    return n / took;
}

int main(int argc, char **argv)
{
    const char *pki = NULL;
    double seconds = 5;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--pki"))
            pki = argv[i + 1];
        else if (!strcmp(argv[i], "--seconds"))
            seconds = atof(argv[i + 1]);
    }
    if (!pki) {
        fprintf(stderr, "usage: bench_sign --pki DIR [--seconds S]\n");
        return 2;
    }
    struct buf pdf;
    buf_init(&pdf, 4 << 20);
    struct doc_sink sink = {.buf = &pdf};
    struct pdf_setup setup = {.page = PDF_A4, .title = "Giấy tiếp nhận", .created = 1800000000};
    struct err e = {0};
    if (pdf_render(&sink, &setup, draw, NULL, &e)) {
        fprintf(stderr, "bench_sign: %s\n", e.msg);
        return 1;
    }
    char spec[1024], chain[1024];
    snprintf(spec, sizeof spec, "pkcs12:%s/signer.p12", pki);
    snprintf(chain, sizeof chain, "%s/ca.pem", pki);
    double file = rate(spec, NULL, NULL, &pdf, seconds);
    double hsm = rate("pkcs11:token=motcua;object=leader", "/usr/lib/softhsm/libsofthsm2.so", chain,
                      &pdf, seconds);
    printf("file_per_second=%.1f hsm_per_second=%.1f pdf_bytes=%zu\n", file, hsm, pdf.len);
    buf_free(&pdf);
    return file > 0 && hsm > 0 ? 0 : 1;
}
