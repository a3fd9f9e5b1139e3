import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { NotFoundError } from '@accord/platform';
import { AppConfig } from '@accord/server';

/** dist/console, from the compiled server (dist/apps/api/src/console) and from the sources alike. */
function consoleBuildDir(): string {
  const base = resolve(__dirname, '../../../..');
  return basename(base) === 'dist' ? join(base, 'console') : join(base, 'dist', 'console');
}

/**
 * The console's policy: scripts, styles and fetches from this origin only (plus the OIDC issuer
 * for sign-in), no framing, no inline script. The page holds a bearer token, so nothing foreign
 * may run beside it.
 */
function consoleSecurityHeaders(config: AppConfig): Record<string, string> {
  const issuer = config.console.oidc ? ` ${new URL(config.auth.issuer).origin}` : '';
  return {
    'content-security-policy': `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'${issuer}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'${issuer}`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

function nonCanonical(url: string): boolean {
  const q = url.indexOf('?');
  let path: string;
  try {
    path = decodeURIComponent(q < 0 ? url : url.slice(0, q));
  } catch {
    return true;
  }
  return (
    path.includes('\\') ||
    path
      .split('/')
      .some((segment, i, all) => segment === '..' || segment === '.' || (segment === '' && i > 0 && i < all.length - 1))
  );
}

function notFound(): NotFoundError {
  return new NotFoundError('route-not-found', 'No such page of the console');
}

/**
 * Serves the web console (apps/console, built by `npm run build` into dist/console) at /console/.
 * It is a static single-page app that talks only to /v1 with the signed-in person's token, so the
 * files themselves are public. A missing build answers 503 with how to make it.
 */
export async function serveConsole(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const root = consoleBuildDir();
  const headers = consoleSecurityHeaders(config);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/console', (_request, reply) => reply.redirect('/console/', 301));
  if (!existsSync(join(root, 'index.html'))) {
    fastify.get('/console/*', (_request, reply) =>
      reply.code(503).type('application/problem+json').send({
        type: 'about:blank',
        title: 'Console not built',
        status: 503,
        code: 'console-not-built',
        detail: 'run `npm run build` (npm start does it) to build apps/console into dist/console',
      }),
    );
    return;
  }
  // @fastify/static refuses a non-canonical path (`/console/../package.json`, `%2e%2e`, `//`) with a
  // bare Error that Nest would answer as a 500: such a path names no file of the console.
  fastify.addHook('onRequest', (request, _reply, done) => {
    done(request.url.startsWith('/console/') && nonCanonical(request.url) ? notFound() : undefined);
  });
  await app.register(fastifyStatic, {
    root,
    prefix: '/console/',
    decorateReply: false,
    cacheControl: false,
    // Hashed asset names never change content; index.html must be re-read to pick up a new build.
    setHeaders: (reply, path) => {
      reply.headers(headers);
      reply.header(
        'cache-control',
        path.startsWith(join(root, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
}
