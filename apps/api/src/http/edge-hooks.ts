import { FastifyInstance, FastifyRequest } from 'fastify';
import { BadInputError, TEXT_FLAW_MESSAGE, textFlaw } from '@accord/platform';

/**
 * On every answer: no content sniffing, and nothing stored by a browser or a proxy (answers hold
 * what one caller may see). The console's static files replace Cache-Control with their own
 * (serve-console.ts): hashed assets are immutable, the page is revalidated.
 */
export const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' } as const;

/**
 * What every request meets before Nest routes it: the security headers, and a URL whose decoded
 * path parameters and query hold only text the ledger can hold. Fastify leaves a query's bad
 * percent-encoding as it is (`%ED%A0%80` stays those nine characters) and decodes `%00` to NUL,
 * which PostgreSQL refuses mid-query; both are refused here, before any handler or SQL.
 */
export function edgeHooks(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(SECURITY_HEADERS);
    try {
      checkUrlText(request);
      done();
    } catch (err) {
      done(err as Error);
    }
  });
}

function checkUrlText(request: FastifyRequest): void {
  const params = request.params as Record<string, string> | undefined;
  if (params) for (const name in params) refuseFlawed(params[name], `path parameter ${name}`);
  const q = request.url.indexOf('?');
  if (q < 0) return;
  for (const pair of request.url.slice(q + 1).split('&'))
    for (const part of pair.split('=', 2)) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(part.replace(/\+/g, ' '));
      } catch {
        throw new BadInputError('bad-url', 'The query string holds a percent-encoding that is not UTF-8');
      }
      refuseFlawed(decoded, 'the query string');
    }
}

function refuseFlawed(value: string, where: string): void {
  const flaw = textFlaw(value);
  if (flaw) throw new BadInputError(flaw, `${where}: ${TEXT_FLAW_MESSAGE[flaw]}`);
}
