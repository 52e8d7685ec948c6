#!/bin/sh
# sign-ca.sh DIR [softhsm] — a throwaway PKI for the signature tests, made in DIR:
#   ca.pem/ca.key          test root "motcua Test Root CA"
#   signer.pem/.key/.p12   "Nguyễn Văn Lãnh Đạo" (password 1234), issued by the root
#   other-ca.pem           an unrelated root (a wrongly chained signer is made by it)
#   rogue.pem/.key/.p12    "Kẻ Giả Mạo", issued by other-ca (password 1234)
#   tsa.pem/tsa.key        a timestamping certificate (extendedKeyUsage timeStamping, critical)
# With "softhsm", also a SoftHSM2 token "motcua" (user PIN 1234, SO PIN 5678) in DIR/tokens
# holding the signer's key and certificate under the label "leader"; DIR/softhsm2.conf is the
# SOFTHSM2_CONF to use. No private key leaves DIR; the caller removes DIR.
set -eu
dir=$1
mkdir -p "$dir"
cd "$dir"
subj_ca="/C=VN/O=motcua test/CN=motcua Test Root CA"
cat > ext.cnf <<'CNF'
[ca]
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
[leaf]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,nonRepudiation
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
[tsa]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=critical,timeStamping
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
CNF
mkca() { # name subject
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.pem" -days 3650 \
        -subj "$2" -utf8 -addext basicConstraints=critical,CA:TRUE \
        -addext keyUsage=critical,keyCertSign,cRLSign -set_serial 1 2>/dev/null
}
mkleaf() { # name subject issuer ext
    openssl req -new -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "$2" -utf8 \
        2>/dev/null
    openssl x509 -req -in "$1.csr" -CA "$3.pem" -CAkey "$3.key" -set_serial "0x$(openssl rand -hex 8)" \
        -days 1825 -extfile ext.cnf -extensions "$4" -out "$1.pem" 2>/dev/null
}
mkca ca "$subj_ca"
mkca other-ca "/C=VN/O=elsewhere/CN=Unrelated Root CA"
mkleaf signer "/C=VN/O=UBND huyện Giồng Riềng/CN=Nguyễn Văn Lãnh Đạo" ca leaf
mkleaf rogue "/C=VN/O=elsewhere/CN=Kẻ Giả Mạo" other-ca leaf
mkleaf tsa "/C=VN/O=motcua test/CN=motcua Test TSA" ca tsa
openssl pkcs12 -export -in signer.pem -inkey signer.key -certfile ca.pem -out signer.p12 \
    -passout pass:1234 -name leader
openssl pkcs12 -export -in rogue.pem -inkey rogue.key -certfile other-ca.pem -out rogue.p12 \
    -passout pass:1234 -name rogue
if [ "${2:-}" = softhsm ]; then
    mkdir -p tokens
    printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' \
        "$PWD" > softhsm2.conf
    export SOFTHSM2_CONF="$PWD/softhsm2.conf"
    softhsm2-util --init-token --free --label motcua --pin 1234 --so-pin 5678 >/dev/null
    openssl pkcs8 -topk8 -nocrypt -in signer.key -out signer.pk8
    softhsm2-util --import signer.pk8 --token motcua --label leader --id 01 --pin 1234 >/dev/null
    rm -f signer.pk8
    openssl x509 -in signer.pem -outform DER -out signer.der
    pkcs11-tool --module /usr/lib/softhsm/libsofthsm2.so --token-label motcua --login \
        --pin 1234 --write-object signer.der --type cert --label leader --id 01 >/dev/null
fi
