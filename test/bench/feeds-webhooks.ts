/**
 * The feeds benchmark's webhook side (issue 20): an organisation's endpoint registered through the
 * API, as its org-admin would, aimed at a receiver in a process of its own that verifies every
 * signature; and the two catch-ups judged against each other on the same backlog, the SSE feed's
 * and the webhook deliverer's, each from the same position to the same one.
 */
import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { LocalSigningKey, mintToken, Role } from '@accord/access';
import { PostgresEventStore } from '@accord/event-store';
import { PartyDirectory, STANDARD_RETRY_SCHEDULE_MS, WebhookDeliverer } from '@accord/feeds';
import type { AppConfig, WebhookKeys } from '@accord/server';
import { openSse } from '../support/sse-client';
import { ReceiverProcess } from './webhook-receiver-process';

export interface Endpoint {
  organisationId: string;
  endpointId: string;
}

export interface Organisation {
  organisationId: string;
  /** Its org-admin's bearer token. */
  orgAdmin: string;
}

let requests = 0;
/** A command through the API at `baseUrl`, as `bearer`; its answer, or an error unless 2xx. */
async function post(baseUrl: string, bearer: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${bearer}`,
      'content-type': 'application/json',
      'idempotency-key': `bench-${Date.now()}-${requests++}`,
    },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(answer)}`);
  return answer;
}

/** Registers `organisationId` (platform admin), its org-admin and `members` through the API at `baseUrl`. */
export async function registerOrganisation(
  baseUrl: string,
  signing: { key: LocalSigningKey; config: AppConfig },
  organisationId: string,
  members: string[],
): Promise<Organisation> {
  const token = (personId: string, orgId: string, roles: Role[]) =>
    mintToken(
      {
        personId,
        orgId,
        roles,
        expiresIn: '1h',
        issuer: signing.config.auth.issuer,
        audience: signing.config.auth.audience,
      },
      signing.key,
    );
  const admin = await token('bench.platform', 'platform', ['admin']);
  const organisation = `/v1/organisations/${organisationId}`;
  await post(baseUrl, admin, '/v1/organisations', {
    organisationId,
    name: 'Bench association',
    kind: 'housing-association',
  });
  await post(baseUrl, admin, `${organisation}/members`, { personId: 'bench.admin' });
  await post(baseUrl, admin, `${organisation}/roles`, { personId: 'bench.admin', role: 'org-admin' });
  const orgAdmin = await token('bench.admin', organisationId, ['org-admin']);
  for (const personId of members) await post(baseUrl, orgAdmin, `${organisation}/members`, { personId });
  return { organisationId, orgAdmin };
}

/**
 * A webhook endpoint of the organisation for `partnershipIds`, registered by its org-admin through
 * the API at `baseUrl` and aimed at `receiver`, which is told the endpoint's key; it takes up to
 * `maxEventsPerDelivery` events per delivery.
 */
export async function registerEndpoint(
  baseUrl: string,
  { organisationId, orgAdmin }: Organisation,
  partnershipIds: string[],
  receiver: ReceiverProcess,
  maxEventsPerDelivery = 1,
): Promise<Endpoint> {
  const registered = await post(baseUrl, orgAdmin, `/v1/organisations/${organisationId}/webhooks`, {
    url: receiver.url,
    partnershipIds,
    maxEventsPerDelivery,
  });
  await receiver.trust(registered.signingKey as string);
  return { organisationId, endpointId: (registered.ids as { endpointId: string }).endpointId };
}

/** Events/s of an SSE subscriber reading the feed from after `from` until it has `to`. */
export async function sseCatchUp(url: string, token: string, from: number, to: number): Promise<number> {
  const started = performance.now();
  let reached!: () => void;
  const done = new Promise<void>((r) => (reached = r));
  const sse = await openSse(`${url}&from=${from}`, { authorization: `Bearer ${token}` }, (m) => {
    if (Number(m.id) >= to) reached();
  });
  if (sse.status !== 200) throw new Error(`SSE answered ${sse.status}`);
  await done;
  const seconds = (performance.now() - started) / 1000;
  sse.close();
  return (to - from) / seconds;
}

/**
 * Events/s of a webhook deliverer (as the API runs it, with the server's keys) taking the
 * endpoint from its checkpoint at `from` until its checkpoint has passed position `to`; the
 * rate counts every position of the range, so the range should hold only what the endpoint gets.
 */
export async function webhookCatchUp(
  store: PostgresEventStore,
  pool: Pool,
  keys: WebhookKeys,
  endpoint: Endpoint,
  range: { from: number; to: number },
): Promise<number> {
  // Only the endpoint measured has work: every other one is put at the head of the log.
  await pool.query(
    `INSERT INTO webhook_checkpoints (organisation_id, endpoint_id, position) VALUES ($1, $2, $3)
     ON CONFLICT (organisation_id, endpoint_id) DO UPDATE SET position = $3, failures = 0, next_attempt_at = NULL`,
    [endpoint.organisationId, endpoint.endpointId, range.from],
  );
  await pool.query(
    'UPDATE webhook_checkpoints SET position = $3 WHERE NOT (organisation_id = $1 AND endpoint_id = $2)',
    [endpoint.organisationId, endpoint.endpointId, await store.headPosition()],
  );
  const deliverer = new WebhookDeliverer(store, pool, new PartyDirectory(store), {
    signingKey: (ref) => keys.keyOf(ref),
    disable: () => Promise.reject(new Error('the benchmark receiver never fails')),
    policy: { allow: ['127.0.0.1'], timeoutMs: 15_000, maxResponseBytes: 64 * 1024 },
    schedule: STANDARD_RETRY_SCHEDULE_MS,
    batchSize: 200,
  });
  const stop = new AbortController();
  const started = performance.now();
  const running = deliverer.run(stop.signal);
  // Partnerships go side by side, so position `to` may arrive before those under it: done is
  // when the checkpoint has passed it, i.e. the receiver acknowledged everything up to it.
  for (;;) {
    const { rows } = await pool.query<{ position: string }>(
      'SELECT position FROM webhook_checkpoints WHERE organisation_id = $1 AND endpoint_id = $2',
      [endpoint.organisationId, endpoint.endpointId],
    );
    if (Number(rows[0].position) >= range.to) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const seconds = (performance.now() - started) / 1000;
  stop.abort();
  await running;
  return (range.to - range.from) / seconds;
}
