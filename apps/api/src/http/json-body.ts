import { isUtf8 } from 'node:buffer';
import { FastifyInstance } from 'fastify';
import { AppError } from '@accord/platform';
import { parseStrictJson } from './strict-json';

export class UnsupportedBodyError extends AppError {
  constructor(code: 'unsupported-media-type' | 'invalid-utf-8', message: string) {
    super('unsupported-media-type', code, message);
  }
}

const UTF8_CHARSET = /^"?utf-8"?$/i;

/**
 * The API's only request body parser (DESIGN §8): `application/json` in UTF-8. Fastify's own
 * parsers (JSON, text) and Nest's (JSON, forms) are not registered, so every other media type is
 * a 415 before anything reads it; a charset other than UTF-8, a byte order mark, bytes that are
 * not UTF-8 or any NUL byte (UTF-16 and UTF-32 text has them) are a 415 too. The text is then read
 * by parseStrictJson: depth, duplicate keys and unstorable text are checked before any value is
 * built. An empty body is no body.
 */
export function acceptJsonBodiesOnly(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, (request, body, done) => {
    try {
      done(null, readJsonBody(request.headers['content-type'], body as Buffer));
    } catch (err) {
      done(err as Error);
    }
  });
}

export function readJsonBody(contentType: string | undefined, body: Buffer): unknown {
  const charset = /;\s*charset\s*=\s*([^;\s]*)/i.exec(contentType ?? '')?.[1];
  if (charset !== undefined && !UTF8_CHARSET.test(charset))
    throw new UnsupportedBodyError('unsupported-media-type', `Send JSON in UTF-8, not ${charset}`);
  if (body.length === 0) return undefined;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf)
    throw new UnsupportedBodyError(
      'invalid-utf-8',
      'The body starts with a byte order mark; JSON text must not (RFC 8259 §8.1)',
    );
  if (body.includes(0) || !isUtf8(body)) throw new UnsupportedBodyError('invalid-utf-8', 'The body is not UTF-8 text');
  return parseStrictJson(body.toString('utf8'));
}
