/**
 * The command-path peer of `npm run bench:commands`: the same vote change as Accord's
 * POST /v1/decisions/{id}/votes/change, served by Fastify with Emmett's own CommandHandler and
 * PostgreSQL event store, deciding with Accord's pure decideDecision/evolveDecision, so only the
 * infrastructure differs. Run as a child process (`node dist/test/bench/peers/emmett-command-service.js`)
 * beside an API the benchmark has set up:
 *
 * - DATABASE_URL: an empty database for Emmett's event store (same PostgreSQL server as the API).
 * - SEED_FROM: the API's database; every event in its log is copied first, stream by stream, so
 *   both serve the same partnership, board and open decisions.
 * - SEED_UNTIL (optional): the last log position to copy: the head before Accord's own run, so Emmett
 *   starts from the history Accord started from, not from the decision streams Accord's run grew.
 * - ACCORD_DATA_DIR: the API's data directory: the same bearer tokens are verified with Accord's
 *   own TokenVerifier and key, as the API does.
 *
 * It prints `emmett command service listening on <port>` when ready. Emmett reads the decision's
 * stream for every command (its CommandHandler has no state cache); the partnership and the
 * organisations a vote consults do not change while the benchmark runs and are read once and kept,
 * which spares Emmett two stream reads per command (Accord's ledger keeps states too, but checks
 * their revisions for every command). A lost race for a stream is retried up to 8
 * times after a few milliseconds, as Accord's ledger retries, rather than Emmett's default of 3
 * after 100 ms or more.
 */
import {
  decideDecision,
  DecisionCommand,
  DecisionEvent,
  DecisionState,
  decisionStreamId,
  evolveDecision,
  initialDecisionState,
  organisationAggregate,
  streamIdOf,
  streamIdPrefix,
  OrganisationState,
  partnershipAggregate,
  PartnershipState,
} from '@accord/domain';
import { loadOrCreateLocalSigningKey, TokenVerifier } from '@accord/access';
import { createPool, PostgresEventStore } from '@accord/event-store';
import { AppError, HTTP_STATUS_OF_KIND } from '@accord/platform';
import { loadConfig } from '@accord/server';
import { dumbo } from '@event-driven-io/dumbo';
import { CommandHandler, isExpectedVersionConflictError, STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore, PostgresEventStore as EmmettStore } from '@event-driven-io/emmett-postgresql';
import Fastify from 'fastify';
import { Pool } from 'pg';

type Folded<S> = { evolve: (state: S, event: never) => S; initialState: S };
/** Accord's events as Emmett types them (its `data` is an open record). */
type EmmettEvent = { type: string; data: Record<string, unknown> };

const handle = CommandHandler<DecisionState, EmmettEvent>({
  evolve: (state, event) => evolveDecision(state, event as unknown as DecisionEvent),
  initialState: () => initialDecisionState,
  retry: {
    onVersionConflict: {
      retries: 8,
      minTimeout: 1,
      maxTimeout: 40,
      factor: 2,
      randomize: true,
      shouldRetryError: isExpectedVersionConflictError,
    },
  },
});

/**
 * Copies the API's log into Emmett's store, each stream in order, before the service listens;
 * returns the stream ids copied.
 */
async function seed(sourceUrl: string, store: EmmettStore, until: number): Promise<string[]> {
  const pool = createPool({ connectionString: sourceUrl, max: 1, applicationName: 'accord-bench-emmett-seed' });
  const source = new PostgresEventStore(pool);
  const streams = new Map<string, { type: string; data: Record<string, unknown> }[]>();
  try {
    for (let from = 1; ;) {
      const page = (await source.readAll({ fromPosition: from, limit: 5000 })).filter((e) => e.position <= until);
      if (page.length === 0) break;
      for (const e of page) {
        const events = streams.get(e.streamId) ?? [];
        events.push({ type: e.type, data: e.data as Record<string, unknown> });
        streams.set(e.streamId, events);
      }
      from = page[page.length - 1].position + 1;
    }
    for (const [streamId, events] of streams) {
      await store.appendToStream(streamId, events, { expectedStreamVersion: STREAM_DOES_NOT_EXIST });
    }
  } finally {
    await source.close();
    await pool.end();
  }
  return [...streams.keys()];
}

/** The state of every stream of `kind` among `streamIds`, each folded from Emmett's store once. */
async function foldAll<S>(
  store: EmmettStore,
  streamIds: string[],
  kind: 'partnership' | 'organisation',
  aggregate: Folded<S>,
): Promise<Map<string, S>> {
  const states = new Map<string, S>();
  for (const streamId of streamIds.filter((id) => id.startsWith(streamIdPrefix(kind)))) {
    const { state } = await store.aggregateStream<S, EmmettEvent>(streamId, {
      evolve: (s: S, e: EmmettEvent) => aggregate.evolve(s, e as never),
      initialState: () => aggregate.initialState,
    });
    states.set(streamId, state);
  }
  return states;
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const url = process.env.DATABASE_URL;
  const sourceUrl = process.env.SEED_FROM;
  if (!url || !sourceUrl) throw new Error('DATABASE_URL and SEED_FROM are required');
  // The API's own pool size (DATABASE_POOL_SIZE, default 10).
  const pool = new Pool({ connectionString: url, max: config.databasePoolSize, application_name: 'emmett-peer' });
  const store = getPostgreSQLEventStore(url, { connectionOptions: { dumbo: dumbo({ connectionString: url, pool }) } });
  await store.schema.migrate();
  const until = process.env.SEED_UNTIL === undefined ? Number.MAX_SAFE_INTEGER : Number(process.env.SEED_UNTIL);
  if (!Number.isSafeInteger(until) || until < 0)
    throw new Error(`SEED_UNTIL must be a log position, not ${process.env.SEED_UNTIL}`);
  const streamIds = await seed(sourceUrl, store, until);
  // Kept rather than read inside the handler: a read there would wait for a pool connection while
  // the CommandHandler's session holds one, and 10 such sessions exhaust the pool for good.
  const partnerships = await foldAll<PartnershipState>(store, streamIds, 'partnership', partnershipAggregate);
  const organisations = await foldAll<OrganisationState>(store, streamIds, 'organisation', organisationAggregate);

  const key = await loadOrCreateLocalSigningKey(config.dataDir);
  const verifier = new TokenVerifier({
    mode: 'local',
    publicKey: key.publicKey,
    issuer: config.auth.issuer,
    audience: config.auth.audience,
  });
  const app = Fastify({ logger: false });
  app.post<{ Params: { decisionId: string }; Body: { stance: string; reason: string } }>(
    '/v1/decisions/:decisionId/votes/change',
    async (request, reply) => {
      try {
        const actor = await verifier.verify(request.headers.authorization);
        const { decisionId } = request.params;
        const command = {
          type: 'ChangeVote',
          decisionId,
          stance: request.body?.stance,
          reason: request.body?.reason,
          actor,
          now: new Date().toISOString(),
        } as DecisionCommand;
        const result = await handle(store, decisionStreamId(decisionId), (state) => {
          const partnership = partnerships.get(streamIdOf('partnership', state.partnershipId));
          const organisation = organisations.get(streamIdOf('organisation', actor.orgId));
          const context = { partnership, organisations: organisation ? { [actor.orgId]: organisation } : {} };
          const events = decideDecision(command, state, context);
          return events as unknown as EmmettEvent[];
        });
        return { revision: Number(result.nextExpectedStreamVersion), position: Number(result.lastEventGlobalPosition) };
      } catch (err) {
        const status = err instanceof AppError ? HTTP_STATUS_OF_KIND[err.kind] : 500;
        return reply.code(status).send({ code: err instanceof AppError ? err.code : 'error' });
      }
    },
  );
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  console.log(
    `emmett command service listening on ${new URL(address).port} (${streamIds.length} streams copied from the API)`,
  );
  const stop = () => {
    void app
      .close()
      .then(() => store.close())
      .then(() => pool.end())
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
