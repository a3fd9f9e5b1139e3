import { FastifyInstance } from 'fastify';

/**
 * One line per answered request (health probes aside, they would drown the log), at info, from
 * Fastify's own per-request logger and serializers (method, url, host, remote address and port;
 * status; its `reqId` ties the line to any other the request wrote). Headers are not logged, so no
 * token or cookie can end up in a log. Written by a hook rather than by pino-http under
 * nestjs-pino: that one ran every request inside an AsyncLocalStorage, whose promise hooks cost a
 * sixth of the API's CPU per command.
 */
export function logRequests(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    if (!request.url.startsWith('/health'))
      request.log.info({ req: request, res: reply, responseTime: Math.round(reply.elapsedTime) }, 'request completed');
    done();
  });
}
