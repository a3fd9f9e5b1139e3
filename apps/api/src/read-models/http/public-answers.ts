import { Injectable } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { readCheckpoints } from '@accord/projections';
import { Storage } from '@accord/server';
import { PUBLIC_REGISTER_MODELS } from '../application/public-register.views';

/** Answers kept per address: enough for every partnership's first pages, bounded against query-string floods. */
const CACHED_ANSWERS = 1000;

/**
 * Public register answers, cached and validated by the read models' positions: an answer is a
 * function of what its read models hold, so while none of their checkpoints moves the same
 * address gets the same bytes (built once, kept encoded, served from memory) and the same ETag,
 * and a client that sends it back in If-None-Match gets 304 with no body. The positions are read
 * before the rows: an answer may be newer than its tag, never older, so a client never keeps a
 * stale answer as current.
 */
@Injectable()
export class PublicAnswers {
  private readonly answers = new Map<string, { version: string; body: Buffer }>();
  /** The checkpoint read in flight, shared by every request that arrives while it runs. */
  private versionInFlight: Promise<string> | undefined;
  /** The version last read, and the log head every checkpoint in it had reached, if they had. */
  private settled: { head: number; version: string } | undefined;

  constructor(private readonly storage: Storage) {}

  async serve(
    request: FastifyRequest,
    reply: FastifyReply,
    contentType: string,
    build: () => Promise<string>,
  ): Promise<Buffer | undefined> {
    const version = await this.validate(request, reply, contentType);
    if (version === undefined) return undefined;
    const cached = this.answers.get(request.url);
    if (cached?.version === version) return cached.body;
    // Encoded once: a string answer would be measured and encoded again on every send.
    const body = Buffer.from(await build());
    this.answers.delete(request.url);
    this.answers.set(request.url, { version, body });
    if (this.answers.size > CACHED_ANSWERS) this.answers.delete(this.answers.keys().next().value as string);
    return body;
  }

  /**
   * Tags the answer with the read models' positions; undefined (the status set to 304, to be sent
   * without a body) when the client already holds it, else the version the answer is built for.
   * Answers too large to keep (open data, streamed) validate here and build their body every time.
   */
  async validate(request: FastifyRequest, reply: FastifyReply, contentType: string): Promise<string | undefined> {
    const version = await this.version();
    const etag = `"${version}"`;
    void reply.header('etag', etag).header('cache-control', 'public, no-cache').header('content-type', contentType);
    if (matches(request.headers['if-none-match'], etag)) {
      void reply.status(304);
      return undefined;
    }
    return version;
  }

  /**
   * The read models' positions as the ETag states them, read only when they may have moved. Once every checkpoint has
   * reached the log head this process has heard of, none moves until the log grows past it, and
   * every commit's NOTIFY tells the store's watcher that it did: until then the last positions
   * stand and a request costs no query. Otherwise (the log grew, a read model still catching up,
   * or the LISTEN connection down so commits may pass unheard) one query serves all the requests
   * that arrive while it runs: under load the register's cost was that query. A request may get
   * positions read a moment before it arrived, which its ETag states truthfully (the answer is
   * built for them or later).
   */
  private version(): Promise<string> | string {
    const head = this.storage.store.liveHead();
    if (head !== undefined && this.settled !== undefined && head <= this.settled.head) return this.settled.version;
    this.versionInFlight ??= readCheckpoints(this.storage.readPool, PUBLIC_REGISTER_MODELS)
      .then((positions) => {
        const version = [...positions.values()].join('.');
        this.settled = head !== undefined && Math.min(...positions.values()) >= head ? { head, version } : undefined;
        return version;
      })
      .finally(() => {
        this.versionInFlight = undefined;
      });
    return this.versionInFlight;
  }

  /** A JSON answer, personal data in it opened (DESIGN §4) before it is cached as bytes. */
  json(request: FastifyRequest, reply: FastifyReply, build: () => Promise<unknown>): Promise<Buffer | undefined> {
    return this.serve(request, reply, 'application/json; charset=utf-8', async () =>
      JSON.stringify(await this.storage.personalData.open(await build())),
    );
  }
}

/** If-None-Match (RFC 9110 §13.1.2): `*` or a list of tags, compared weakly. */
function matches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}
