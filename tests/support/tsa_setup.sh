#!/usr/bin/env bash
# tsa_setup.sh DIR — a throwaway RFC 3161 authority for the anchor tests: a CA, a TSA
# certificate with the critical timeStamping extended key usage, and the openssl ts
# configuration tsa_server.py answers with. Nothing here is a real key.
set -euo pipefail
dir=$1
mkdir -p "$dir"
cd "$dir"
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 30 \
  -subj "/CN=motcua test TSA CA" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout tsa.key -out tsa.csr -subj "/CN=motcua test TSA" \
  2>/dev/null
printf 'extendedKeyUsage=critical,timeStamping\n' > tsa.ext
openssl x509 -req -in tsa.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 \
  -extfile tsa.ext -out tsa.crt 2>/dev/null
cat > tsa.cnf <<CNF
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = $dir
serial = \$dir/serial
signer_cert = \$dir/tsa.crt
certs = \$dir/ca.crt
signer_key = \$dir/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
accuracy = secs:1
ordering = yes
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
CNF
echo 01 > serial
rm -f port
