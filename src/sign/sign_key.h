/* sign_key.h — a signing key where the agency keeps it: a PKCS#12 file (development, small
 * offices) or a token or HSM reached through PKCS#11 (OpenSSL's pkcs11 engine from libp11,
 * opensc for USB tokens, SoftHSM2 in the tests). Opening a key gives the private key as an
 * EVP_PKEY (for a token, a handle: the key never leaves it), the signer's certificate and the
 * certificates of its chain, which sign_cms.h puts into every signature.
 *
 * The PIN or password is passed in, used once and never copied into an error message, a log
 * line or the database. */
#ifndef MOTCUA_SIGN_KEY_H
#define MOTCUA_SIGN_KEY_H

#include "err.h"

#include <openssl/evp.h>
#include <openssl/x509.h>

/* Where the key is and how to open it. */
struct sign_key_config {
    /* "pkcs12:/path/file.p12", or an RFC 7512 PKCS#11 URI such as
     * "pkcs11:token=motcua;object=leader" (the certificate is looked up with the same URI). */
    const char *spec;
    const char *pin; /* the .p12 password or the token's user PIN; NULL for none */
    /* The PKCS#11 module (…/libsofthsm2.so, …/opensc-pkcs11.so); NULL: the engine's default
     * (p11-kit's proxy). Unused for pkcs12. */
    const char *pkcs11_module;
    /* A PEM file of further chain certificates (intermediate CAs) to add; NULL for none. */
    const char *chain_file;
};

struct sign_key;

/* Opens the key and its certificate; on failure *out is NULL and e says why (E_INVALID for a
 * spec that is not understood, E_UNAUTH for a wrong PIN or password, E_NOTFOUND for a file,
 * token or object that is not there, E_UNAVAILABLE when the PKCS#11 engine cannot load). */
int sign_key_open(const struct sign_key_config *c, struct sign_key **out, struct err *e);
void sign_key_close(struct sign_key *k);

/* Borrowed pointers, valid until sign_key_close(). */
EVP_PKEY *sign_key_pkey(const struct sign_key *k);
X509 *sign_key_cert(const struct sign_key *k);
/* The chain without the signer's own certificate; never NULL, possibly empty. */
STACK_OF(X509) * sign_key_chain(const struct sign_key *k);

/* The signer's common name (CN of the certificate subject) into out, "" when it has none. */
void sign_key_common_name(const struct sign_key *k, char *out, size_t size);

#endif
