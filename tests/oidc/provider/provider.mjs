// A real OpenID Connect provider (node-oidc-provider) for the tests, on loopback only.
//
//   node provider.mjs CONFIG.json
//
// CONFIG (written by tests/oidc/provider.py): {"clients": [...], "jwks": {"keys": [private JWK]},
// "accounts": {"<login>": {claims}}, "cookieKey": "...", "idTokenTtl": seconds}. The provider
// listens on a free port of 127.0.0.1 and prints one JSON line {"issuer": "http://127.0.0.1:PORT"}
// on stdout when it is ready. Login and consent are the library's development forms: any
// login of CONFIG.accounts is accepted with any password. The accounts are read again from
// CONFIG at every login, so a test can change someone's claims between two logins.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const extraClaims = [...new Set(Object.values(config.accounts).flatMap((claims) => Object.keys(claims)))]
  .filter((name) => !['sub', 'name', 'preferred_username'].includes(name));

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: config.clients,
    jwks: config.jwks,
    cookies: { keys: [config.cookieKey] },
    // claims of the profile scope go into the ID token itself, as Entra ID and Keycloak do
    conformIdTokenClaims: false,
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', ...extraClaims] },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    ttl: { IdToken: config.idTokenTtl ?? 3600 },
    async findAccount(ctx, id) {
      const claims = JSON.parse(readFileSync(process.argv[2], 'utf8')).accounts[id];
      if (!claims) return undefined;
      return { accountId: id, async claims() { return { sub: id, ...claims }; } };
    },
  });
  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
