// A real OpenID Connect provider for the test suite (npm `oidc-provider`), on loopback only.
//
// Started by tests/identity/provider.py with PORT and REDIRECT_URIS in the environment; prints
// "ready" once listening. One confidential client ("koersvast") and a few test accounts whose
// `groups` claim drives Koersvast's role mapping. devInteractions gives a plain login form (any
// password) and a consent page. Test use only: dev signing keys, in-memory storage.
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const redirectUris = (process.env.REDIRECT_URIS || '').split(',').filter(Boolean);
const issuer = `http://127.0.0.1:${port}`;

// Changing a group at run time: POST /test/groups/<account> with a comma-separated body.
const ACCOUNTS = {
  anna: {
    email: 'anna@voorbeeld.nl', given_name: 'Anna', family_name: 'de Vries',
    preferred_username: 'anna', groups: ['kv-portfolio', 'medewerkers'],
  },
  bram: {
    email: 'bram@voorbeeld.nl', given_name: 'Bram', family_name: 'Jansen',
    preferred_username: 'bram', groups: ['medewerkers'],
  },
};

const configuration = {
  clients: [{
    client_id: 'koersvast',
    client_secret: 'koersvast-test-secret',
    redirect_uris: redirectUris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  scopes: ['openid', 'email', 'profile', 'groups'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['given_name', 'family_name', 'preferred_username'],
    groups: ['groups'],
  },
  async findAccount(ctx, id) {
    const account = ACCOUNTS[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() { return { sub: id, email_verified: true, ...account }; },
    };
  },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['test-only-cookie-key'] },
  ttl: { Session: 3600, Interaction: 600, Grant: 3600, AccessToken: 600, AuthorizationCode: 60, IdToken: 600 },
};

const provider = new Provider(issuer, configuration);
provider.proxy = false;

// A test hook to change an account's groups between two logins (the provider's own data).
provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/test\/groups\/(\w+)$/);
  if (ctx.method === 'POST' && match && ACCOUNTS[match[1]]) {
    const body = await new Promise((resolve) => {
      let data = '';
      ctx.req.on('data', (chunk) => { data += chunk; });
      ctx.req.on('end', () => resolve(data));
    });
    ACCOUNTS[match[1]].groups = body.split(',').filter(Boolean);
    ctx.status = 204;
    return;
  }
  await next();
});

provider.listen(port, '127.0.0.1', () => {
  console.log('ready');
});
