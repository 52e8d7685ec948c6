// provider.mjs — a real OpenID Connect provider (npm oidc-provider) on a free loopback port,
// for motcua's OIDC login tests (docs/oidc.md). It signs real ID tokens with keys generated at
// start and publishes them at its jwks_uri, so motcua checks genuine signatures.
//
//   node provider.mjs --issuer-file FILE --redirect-uri URI --client-secret SECRET
//
// Writes its issuer URL to FILE once listening. Two clients, both "native" so that the
// loopback redirect URI matches any port (RFC 8252 §7.3; motcua's test server picks its port
// at start): "motcua" (confidential, client_secret_basic, RS256 ID tokens) and
// "motcua-public" (public, PKCE only, ES256 ID tokens).
//
// A non-interactive client completes the flow by following redirects: /interaction/UID logs
// in the account named by ?login=ID (default citizen-1) and grants consent at once.
// POST /test/forge?mode=M makes the next token response carry a forged ID token (a changed
// signature, alg none, HS256, a foreign key under our kid, an unknown kid, or validly signed
// with the wrong aud, iss, nonce or lifetime), so the tests can prove motcua refuses them.
import { createHmac, randomBytes } from 'node:crypto';
import { writeFileSync, renameSync } from 'node:fs';
import http from 'node:http';
import { exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';
import Provider from 'oidc-provider';

function arg(name) {
  const i = process.argv.indexOf(name);
  if (i < 0 || i + 1 >= process.argv.length) {
    console.error(`provider.mjs: ${name} is required`);
    process.exit(2);
  }
  return process.argv[i + 1];
}

const issuerFile = arg('--issuer-file');
const redirectUri = arg('--redirect-uri');
const clientSecret = arg('--client-secret');

const accounts = {
  'citizen-1': { name: 'Nguyễn Thị Bình' },
  'citizen-2': { name: 'Trần Văn Cường' },
};

async function signingKey(alg, kid) {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
}

const rsaJwk = await signingKey('RS256', 'test-rs256');
const ecJwk = await signingKey('ES256', 'test-es256');

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'motcua',
      client_secret: clientSecret,
      application_type: 'native',
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    {
      client_id: 'motcua-public',
      application_type: 'native',
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      id_token_signed_response_alg: 'ES256',
    },
  ],
  jwks: { keys: [rsaJwk, ecJwk] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  claims: { openid: ['sub'], profile: ['name'] },
  conformIdTokenClaims: false, // the name travels in the ID token, as motcua reads it there
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: (ctx, id) =>
    accounts[id] && { accountId: id, claims: () => ({ sub: id, name: accounts[id].name }) },
});

// ---- forged ID tokens -----------------------------------------------------------------------
let forgeMode = null;

const b64 = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const decode = (seg) => JSON.parse(Buffer.from(seg, 'base64url').toString());

async function resign(payload, jwk, header = {}) {
  const key = await importJWK(jwk, jwk.alg);
  return new SignJWT(payload).setProtectedHeader({ alg: jwk.alg, kid: jwk.kid, ...header }).sign(key);
}

async function forge(token, mode) {
  const [h, p, s] = token.split('.');
  const header = decode(h), payload = decode(p);
  const now = Math.floor(Date.now() / 1000);
  const ownKey = header.alg === 'ES256' ? ecJwk : rsaJwk;
  switch (mode) {
    case 'signature': {
      const sig = Buffer.from(s, 'base64url');
      sig[sig.length >> 1] ^= 1;
      return `${h}.${p}.${sig.toString('base64url')}`;
    }
    case 'none':
      return `${b64({ alg: 'none', typ: 'JWT' })}.${p}.`;
    case 'hs256': {
      const input = `${b64({ alg: 'HS256', kid: ownKey.kid })}.${p}`;
      const publicJwk = JSON.stringify({ keys: [{ kty: ownKey.kty, n: ownKey.n, e: ownKey.e }] });
      return `${input}.${createHmac('sha256', publicJwk).update(input).digest('base64url')}`;
    }
    case 'foreign-key':
      return resign(payload, { ...(await signingKey(ownKey.alg, ownKey.kid)) });
    case 'unknown-kid':
      return resign(payload, await signingKey(ownKey.alg, 'rotated-elsewhere'));
    case 'aud':
      return resign({ ...payload, aud: 'someone-else' }, ownKey);
    case 'iss':
      return resign({ ...payload, iss: 'https://evil.example' }, ownKey);
    case 'nonce':
      return resign({ ...payload, nonce: 'a-nonce-of-another-login' }, ownKey);
    case 'expired':
      return resign({ ...payload, iat: now - 7200, exp: now - 3600 }, ownKey);
    default:
      throw new Error(`unknown forge mode ${mode}`);
  }
}

provider.use(async (ctx, next) => {
  await next();
  if (ctx.path === '/token' && ctx.status === 200 && forgeMode && ctx.body?.id_token) {
    const mode = forgeMode;
    forgeMode = null;
    ctx.body = { ...ctx.body, id_token: await forge(ctx.body.id_token, mode) };
  }
});

// ---- interactions: log in and consent without a person -------------------------------------
async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  const { prompt, params, session } = details;
  if (prompt.name === 'login') {
    const login = new URL(req.url, issuer).searchParams.get('login') || 'citizen-1';
    return provider.interactionFinished(req, res, { login: { accountId: login } },
                                        { mergeWithLastSubmission: false });
  }
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
  if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, { consent: { grantId } },
                                      { mergeWithLastSubmission: true });
}

const callback = provider.callback();
server.on('request', (req, res) => {
  const path = new URL(req.url, issuer).pathname;
  if (req.method === 'GET' && path.startsWith('/interaction/')) {
    interaction(req, res).catch((err) => {
      res.statusCode = 400;
      res.end(`interaction failed: ${err.message}`);
    });
  } else if (req.method === 'POST' && path === '/test/forge') {
    forgeMode = new URL(req.url, issuer).searchParams.get('mode');
    res.end('ok');
  } else {
    callback(req, res);
  }
});

writeFileSync(`${issuerFile}.tmp`, `${issuer}\n`);
renameSync(`${issuerFile}.tmp`, issuerFile);
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
