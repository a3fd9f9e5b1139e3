import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADD_CHECKPOINT_PATH, formatTlogSize, MAX_ADD_CHECKPOINT_BYTES, TLOG_SIZE_CONTENT_TYPE } from '@accord/audit';
import { AppError, HTTP_STATUS_OF_KIND } from '@accord/platform';
import { type Witness, WitnessSizeMismatchError } from './witness';

export interface WitnessLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/**
 * The witness over HTTP (C2SP tlog-witness). Anyone may call it: as the spec says, a request is
 * authenticated only by the log signature on its checkpoint, so a caller without a trusted log's
 * key gets 403 (or 404 for a log the witness does not know) and nothing is stored.
 *
 *   POST /add-checkpoint               200 cosignature line(s) | 400 | 403 | 404 | 409 size | 422
 *   GET  /<sha256(origin) hex>/checkpoint   the latest cosigned checkpoint of that log | 404
 *
 * Errors other than the 409 are RFC 9457 problem documents with a stable `code`.
 */
export function createWitnessServer(witness: Witness, log: WitnessLogger): Server {
  const server = createServer((req, res) => {
    handle(witness, log, req, res).catch((err: unknown) => {
      log.error({ err }, 'witness request failed');
      if (!res.headersSent) problem(res, 500, 'internal-error', 'the witness failed; see its log');
      else res.destroy();
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  return server;
}

export async function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server.address() as AddressInfo;
}

export async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  await closed;
}

async function handle(witness: Witness, log: WitnessLogger, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://witness').pathname;
  if (path === ADD_CHECKPOINT_PATH) {
    if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
    const body = await readBody(req, MAX_ADD_CHECKPOINT_BYTES);
    if (body === undefined) {
      // The rest of the body is not read: the connection cannot carry another request.
      res.setHeader('connection', 'close');
      return problem(res, 413, 'witness-body-too-large', `the body is larger than ${MAX_ADD_CHECKPOINT_BYTES} bytes`);
    }
    try {
      const { origin, size, line } = await witness.addCheckpoint(body);
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(line);
      log.info({ origin, size }, 'cosigned a checkpoint');
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      refuse(res, log, err, body);
    }
    return;
  }
  const monitored = /^\/([0-9a-f]{64})\/checkpoint$/.exec(path);
  if (monitored) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, 'GET, HEAD');
    const note = await witness.latest(monitored[1] as string);
    if (note === undefined)
      return problem(res, 404, 'witness-no-checkpoint', 'this witness cosigned no checkpoint of that log');
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(note);
    return;
  }
  problem(res, 404, 'not-found', `no ${path} here: a witness answers POST ${ADD_CHECKPOINT_PATH}`);
}

function refuse(res: ServerResponse, log: WitnessLogger, err: AppError, body: Buffer): void {
  if (err instanceof WitnessSizeMismatchError) {
    res.writeHead(409, { 'content-type': TLOG_SIZE_CONTENT_TYPE }).end(formatTlogSize(err.size));
    return;
  }
  const status = HTTP_STATUS_OF_KIND[err.kind];
  // A log-signed checkpoint that does not extend what was cosigned may be proof of misbehaviour: keep it.
  if (err.kind === 'rule-violated' || err.code === 'witness-bad-signature')
    log.warn({ code: err.code, request: body.toString('utf8') }, `refused a checkpoint: ${err.message}`);
  else if (status === 503) log.error({ code: err.code }, err.message);
  problem(res, status, err.code, err.message);
}

function problem(res: ServerResponse, status: number, code: string, detail: string): void {
  res
    .writeHead(status, { 'content-type': 'application/problem+json' })
    .end(JSON.stringify({ type: 'about:blank', title: STATUS_CODES[status], status, code, detail }));
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('allow', allow);
  problem(res, 405, 'method-not-allowed', `use ${allow}`);
}

/** The body, or undefined when it is longer than `limit` (the rest is not read). */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return undefined;
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of req) {
    length += (chunk as Buffer).length;
    if (length > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
