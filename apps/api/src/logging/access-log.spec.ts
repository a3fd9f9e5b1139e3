import Fastify, { FastifyBaseLogger, LogController } from 'fastify';
import pino from 'pino';
import { Writable } from 'node:stream';
import { logRequests } from './access-log';
import { PinoNestLogger } from '@accord/server';

function capture(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(
        ...chunk
          .toString()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Record<string, unknown>),
      );
      done();
    },
  });
  return { lines, log: pino({ level }, stream) };
}

describe('access log', () => {
  it('writes one line per answered request, without headers or query, and none for health probes', async () => {
    const { lines, log } = capture();
    const app = Fastify({
      loggerInstance: log as FastifyBaseLogger,
      logController: new LogController({ disableRequestLogging: true }),
    });
    logRequests(app);
    app.get('/v1/things', async (_req, reply) => reply.status(403).send({ code: 'forbidden' }));
    app.get('/health/live', async () => ({ status: 'ok' }));
    await app.inject({
      method: 'GET',
      url: '/v1/things?access_token=secret-in-query',
      headers: { authorization: 'Bearer secret-token', cookie: 'session=secret' },
    });
    await app.inject({ method: 'GET', url: '/health/live' });
    await app.close();

    const completed = lines.filter((l) => l.msg === 'request completed');
    expect(completed).toHaveLength(1);
    expect(completed[0]).toMatchObject({
      level: 30,
      req: { method: 'GET', url: '/v1/things' },
      res: { statusCode: 403 },
      responseTime: expect.any(Number),
      reqId: expect.any(String),
    });
    expect(JSON.stringify(lines)).not.toMatch(/secret/);
  });

  it('is silent below info', async () => {
    const { lines, log } = capture('warn');
    const app = Fastify({
      loggerInstance: log as FastifyBaseLogger,
      logController: new LogController({ disableRequestLogging: true }),
    });
    logRequests(app);
    app.get('/v1/things', async () => ({}));
    await app.inject({ method: 'GET', url: '/v1/things' });
    await app.close();
    expect(lines).toEqual([]);
  });
});

describe('Nest log lines through pino', () => {
  it('keep the context, the level and an error stack', () => {
    const { lines, log } = capture('debug');
    const logger = new PinoNestLogger(log);
    logger.log('projection:trail: leading', 'projections');
    logger.warn('following the log failed', 'feed');
    logger.error('GET /v1/x failed', 'Error: boom\n    at here', 'http');
    logger.verbose('too chatty', 'x');
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, context: 'projections', msg: 'projection:trail: leading' }),
      expect.objectContaining({ level: 40, context: 'feed', msg: 'following the log failed' }),
      expect.objectContaining({
        level: 50,
        context: 'http',
        msg: 'GET /v1/x failed',
        stack: 'Error: boom\n    at here',
      }),
    ]);
  });
});
