import { FastifyInstance } from 'fastify';
import { problemInstance } from '../http/problem';

/**
 * One line per answered request (health probes aside, they would drown the log), at info, from
 * Fastify's own per-request logger (method, path, host, remote address and port; status; its
 * `reqId` ties the line to any other the request wrote). Neither headers nor the query string are
 * logged, so no token in either can end up in a log. Written by a hook rather than by pino-http under
 * nestjs-pino: that one ran every request inside an AsyncLocalStorage, whose promise hooks cost a
 * sixth of the API's CPU per command.
 */
export function logRequests(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    if (!request.url.startsWith('/health'))
      request.log.info(
        {
          req: {
            method: request.method,
            url: problemInstance(request.url),
            host: request.host,
            remoteAddress: request.ip,
            remotePort: request.socket?.remotePort,
          },
          res: reply,
          responseTime: Math.round(reply.elapsedTime),
        },
        'request completed',
      );
    done();
  });
}
