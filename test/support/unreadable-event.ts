import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';

/**
 * Writes, straight into the log's tables, a vote whose reason holds an escaped U+0000: what the
 * store accepted before it refused such text (issue 14). Every follower that reads it as jsonb or
 * stores its text fails on it. Returns its position.
 */
export async function appendUnreadableVote(pool: Pool, decisionId: string): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const head = Number((await client.query('SELECT last_position FROM log_head FOR UPDATE')).rows[0].last_position);
    const position = head + 1;
    const streamId = `decision-${decisionId}`;
    const revision =
      Number(
        (await client.query('SELECT max(revision) AS r FROM events WHERE stream_id = $1', [streamId])).rows[0].r ?? 0,
      ) + 1;
    const eventId = randomUUID();
    const at = new Date().toISOString();
    const canonical =
      `{"data":{"decisionId":${JSON.stringify(decisionId)},"partnershipId":"poisoned","reason":"a\\u0000b","stance":"agree","voter":{"orgId":"o","personId":"p"}},` +
      `"eventId":"${eventId}","metadata":{"actor":{"orgId":"o","personId":"p","roles":["member"]},"causationId":null,"commandId":null,"correlationId":null,"occurredAt":"${at}"},` +
      `"position":${position},"prevStreamLeafHash":null,"recordedAt":"${at}","revision":${revision},"schemaVersion":1,"streamId":"${streamId}","type":"VoteCast"}`;
    await client.query(
      `INSERT INTO events (position, stream_id, revision, event_id, type, recorded_at, canonical, leaf_hash)
       VALUES ($1, $2, $3, $4, 'VoteCast', $5, convert_to($6, 'UTF8'), sha256(convert_to($6, 'UTF8')))`,
      [position, streamId, revision, eventId, at, canonical],
    );
    await client.query('UPDATE log_head SET last_position = $1', [position]);
    await client.query(`NOTIFY accord_events, '${position}'`);
    await client.query('COMMIT');
    return position;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}
