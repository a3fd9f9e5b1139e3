import { parseArgs } from 'node:util';
import { isRole, loadOrCreateLocalSigningKey, mintToken, Role } from '@accord/access';
import { loadConfig } from '@accord/server';

export const TOKEN_USAGE = `accord token --person ID --org ORG_ID --roles ROLE[,ROLE] [--expires 8h]

Mints a bearer token signed with the embedded default's local key (in ACCORD_DATA_DIR, ./data by
default), for local use and for the first admin. Roles: admin, org-admin, member, auditor, governance.
Prints the token on stdout. With AUTH_JWKS_URL set, tokens come from your identity provider instead.`;

export async function tokenCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      person: { type: 'string' },
      org: { type: 'string' },
      roles: { type: 'string', default: 'member' },
      expires: { type: 'string', default: '8h' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${TOKEN_USAGE}\n`);
    return 0;
  }
  if (!values.person || !values.org) {
    process.stderr.write(`accord token: --person and --org are required\n\n${TOKEN_USAGE}\n`);
    return 2;
  }
  const roles = values.roles.split(',').map((r) => r.trim());
  const unknown = roles.filter((r) => !isRole(r));
  if (unknown.length > 0) {
    process.stderr.write(`accord token: unknown role(s) ${unknown.join(', ')}\n`);
    return 2;
  }
  const config = loadConfig(process.env);
  if (config.auth.jwksUrl) {
    process.stderr.write('accord token: AUTH_JWKS_URL is set, so the API only accepts tokens from that issuer\n');
    return 2;
  }
  const key = await loadOrCreateLocalSigningKey(config.dataDir);
  const token = await mintToken(
    {
      personId: values.person,
      orgId: values.org,
      roles: roles as Role[],
      expiresIn: values.expires,
      issuer: config.auth.issuer,
      audience: config.auth.audience,
    },
    key,
  );
  process.stdout.write(`${token}\n`);
  return 0;
}
