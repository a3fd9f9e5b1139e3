import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leafHash, verifyConsistency, verifyInclusion, verifySignedCheckpoint } from '@accord/audit';
import {
  decisionStreamId,
  type DecisionDraftedData,
  type OrganisationRegisteredData,
  type PartnershipProposedData,
} from '@accord/domain';
import { PostgresEventStore } from '@accord/event-store';
import { ApiHarness, Caller, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';

/**
 * The verifiable log end to end, on both engines: the sealer signs checkpoints as the API runs,
 * proofs verify, exports verify offline with `accord verify`, and every kind of tampering done
 * straight in PostgreSQL is caught by both GET /v1/audit/verify and the offline verifier, which
 * name the same first bad position and fault.
 */
const CLI = join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');
const auditor: Caller = { personId: 'iris', orgId: 'audit-office', roles: ['auditor'] };
const member: Caller = { personId: 'ada', orgId: 'camden', roles: ['member'] };
const actor = { personId: 'ada', orgId: 'camden', roles: ['member'] };
const EVENTS = 300;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

describe.each(testEngines())('audit trail on $name', (engine) => {
  let db: TestDatabase;
  let api: ApiHarness;
  let store: PostgresEventStore;
  let dir: string;
  let auditorToken: string;
  /** A tree size the sealer signed before the head (sizes depend on timing: every 64 events or 0.2 s). */
  let older: number;

  async function download(path: string): Promise<Buffer> {
    const res = await fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${auditorToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    return Buffer.from(await res.arrayBuffer());
  }

  async function offline(bundle: Buffer, ...args: string[]): Promise<CliResult> {
    const file = join(dir, `bundle-${Date.now()}-${Math.random().toString(16).slice(2)}.jsonl`);
    writeFileSync(file, bundle);
    return cli(['verify', file, ...args]);
  }

  async function serverVerify() {
    const res = await api.request('GET', '/v1/audit/verify', { token: auditorToken });
    expect(res.status).toBe(200);
    return res.body;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-audit-e2e-'));
    db = await createTestDatabase(engine);
    api = await startApi({
      DATABASE_URL: db.url,
      AUDIT_CHECKPOINT_EVERY_EVENTS: '64',
      AUDIT_CHECKPOINT_EVERY_SECONDS: '0.2',
    });
    auditorToken = await api.token(auditor);
    store = new PostgresEventStore(db.pool);
    const meta = { actor, correlationId: null, causationId: null };
    // Whole events, as the domain writes them: the API's projections apply them as the log grows.
    const by = { personId: actor.personId, orgId: actor.orgId };
    const registered: OrganisationRegisteredData = {
      organisationId: 'camden',
      name: 'Camden Council',
      kind: 'local-authority',
      registeredBy: by,
    };
    await store.append('organisation-camden', [{ type: 'OrganisationRegistered', data: registered }], {
      expectedRevision: 'no-stream',
      metadata: meta,
    });
    for (const [partnershipId, title, parties] of [
      ['station-road', 'Station Road', ['camden']],
      ['elsewhere', 'Elsewhere', ['peabody']],
    ] as const) {
      const proposed: PartnershipProposedData = {
        partnershipId,
        title,
        purpose: `Regenerate ${title}`,
        parties: [...parties],
        proposedBy: by,
      };
      await store.append(`partnership-${partnershipId}`, [{ type: 'PartnershipProposed', data: proposed }], {
        expectedRevision: 'no-stream',
        metadata: meta,
      });
    }
    for (const d of ['d1', 'd2', 'x1']) {
      const drafted: DecisionDraftedData = {
        decisionId: d,
        partnershipId: d.startsWith('x') ? 'elsewhere' : 'station-road',
        title: `Dispose of plot ${d}`,
        motion: `That plot ${d} be disposed of`,
        category: 'other',
        approvalRule: 'all-parties-sign-off',
        draftedBy: by,
      };
      await store.append(decisionStreamId(d), [{ type: 'DecisionDrafted', data: drafted }], {
        expectedRevision: 'no-stream',
        metadata: meta,
      });
    }
    const streams = [
      'organisation-camden',
      'partnership-station-road',
      'partnership-elsewhere',
      'decision-d1',
      'decision-d2',
      'decision-x1',
    ];
    for (let i = 6; i < EVENTS; i++) {
      await store.append(
        streams[i % streams.length] as string,
        [{ type: 'ProgressReported', data: { note: `Station Road update ${i}`, i } }],
        { expectedRevision: 'any', metadata: meta },
      );
    }
    for (let i = 0; i < 200; i++) {
      const latest = await api.request('GET', '/v1/audit/checkpoints/latest');
      if (latest.status === 200 && latest.body.treeSize === EVENTS) {
        const { rows } = await db.pool.query<{ tree_size: number }>(
          'SELECT tree_size FROM checkpoints WHERE tree_size BETWEEN 100 AND $1 ORDER BY tree_size LIMIT 1',
          [EVENTS - 1],
        );
        older = rows[0]?.tree_size ?? 0;
        if (older === 0) throw new Error('no checkpoint between 100 and the head');
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the sealer did not reach the head in 20 s');
  });

  afterAll(async () => {
    await store?.close();
    await api?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('checkpoints and proofs', () => {
    it('serves checkpoints and the public key to anyone, signed by that key', async () => {
      const latest = await api.request('GET', '/v1/audit/checkpoints/latest');
      const key = await api.request('GET', '/v1/audit/public-key');
      expect(key.status).toBe(200);
      expect(key.body).toMatchObject({ algorithm: 'Ed25519', keyName: 'accord.local/log', vkey: latest.body.vkey });
      expect(key.body.publicKeyPem).toMatch(/BEGIN PUBLIC KEY/);
      const cp = verifySignedCheckpoint(latest.body.note, key.body.vkey);
      expect(cp).toMatchObject({ origin: 'accord.local/log', size: EVENTS });
      expect(cp.rootHash.toString('hex')).toBe(latest.body.root);
      const earlier = await api.request('GET', `/v1/audit/checkpoints/${older}`);
      expect(earlier.status).toBe(200);
      expect(verifySignedCheckpoint(earlier.body.note, key.body.vkey).size).toBe(older);
      expect((await api.request('GET', `/v1/audit/checkpoints/${EVENTS + 1}`)).body.code).toBe('checkpoint-not-found');
      expect((await api.request('GET', '/v1/audit/checkpoints/abc')).status).toBe(400);
    });

    it('proves inclusion by position or event id, with the exact hashed bytes; a party only of events it may see', async () => {
      const latest = (await api.request('GET', '/v1/audit/checkpoints/latest')).body;
      const [event] = await store.readAll({ fromPosition: 123, limit: 1 });
      for (const query of ['position=123', `eventId=${event?.eventId}`]) {
        const res = await api.request('GET', `/v1/audit/proofs/inclusion?${query}`, { token: auditorToken });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          position: 123,
          leafIndex: 122,
          treeSize: EVENTS,
          leafHash: event?.leafHash,
          checkpoint: latest.note,
        });
        expect(leafHash(Buffer.from(res.body.leafData, 'base64')).toString('hex')).toBe(event?.leafHash);
        expect(
          verifyInclusion(
            Buffer.from(res.body.leafHash, 'hex'),
            122,
            EVENTS,
            res.body.proof.map((p: string) => Buffer.from(p, 'hex')),
            Buffer.from(latest.root, 'hex'),
          ),
        ).toBe(true);
      }
      expect(
        (await api.request('GET', '/v1/audit/proofs/inclusion?position=1&treeSize=100', { token: auditorToken })).body
          .treeSize,
      ).toBe(100);
      expect((await api.request('GET', '/v1/audit/proofs/inclusion?position=1')).status).toBe(401);
      // Camden's member: its own organisation's registration (position 1), nothing of a partnership
      // Camden is not party to (position 3), told apart from a missing event by nothing.
      const memberToken = await api.token(member);
      const own = await api.request('GET', '/v1/audit/proofs/inclusion?position=1', { token: memberToken });
      expect(own.status).toBe(200);
      expect(JSON.parse(Buffer.from(own.body.leafData, 'base64').toString('utf8'))).toMatchObject({
        position: 1,
        streamId: 'organisation-camden',
      });
      const hidden = await api.request('GET', '/v1/audit/proofs/inclusion?position=3', { token: memberToken });
      expect(hidden.status).toBe(404);
      expect(hidden.body.code).toBe('event-not-found');
      expect(
        (await api.request('GET', '/v1/audit/proofs/inclusion?position=999999', { token: auditorToken })).body.code,
      ).toBe('event-not-found');
      expect((await api.request('GET', '/v1/audit/proofs/inclusion', { token: auditorToken })).status).toBe(400);
    });

    it('proves consistency between two sizes to anyone', async () => {
      const old = (await api.request('GET', `/v1/audit/checkpoints/${older}`)).body;
      const res = await api.request('GET', `/v1/audit/proofs/consistency?from=${older}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ fromSize: older, toSize: EVENTS, fromRoot: old.root });
      expect(
        verifyConsistency(
          older,
          EVENTS,
          Buffer.from(old.root, 'hex'),
          Buffer.from(res.body.toRoot, 'hex'),
          res.body.proof.map((p: string) => Buffer.from(p, 'hex')),
        ),
      ).toBe(true);
      expect((await api.request('GET', `/v1/audit/proofs/consistency?from=10&to=${EVENTS + 1}`)).body.code).toBe(
        'tree-size-not-signed',
      );
    });
  });

  describe('export and offline verification', () => {
    it('verifies the untouched log on the server and offline, with a clean summary', async () => {
      const server = await serverVerify();
      expect(server).toMatchObject({
        ok: true,
        summary: { scope: 'log', events: EVENTS, streams: 6, treeSize: EVENTS },
      });
      const bundle = await download('/v1/audit/export');
      const result = await offline(bundle);
      expect(result.stderr).toMatch(
        /^accord verify: warning: trusted the bundle's own key \(ID [0-9a-f]+\).*--key VKEY/,
      );
      expect(result.code).toBe(0);
      const { vkey } = (await api.request('GET', '/v1/audit/public-key')).body;
      const pinned = await offline(bundle, '--key', vkey);
      expect(pinned.stderr).toBe('');
      expect(pinned.code).toBe(0);
      expect(result.stdout).toMatch(/^OK: the bundle verifies/);
      expect(result.stdout).toMatch(/events\s+300 \(positions 1–300\) in 6 streams/);
      expect(result.stdout).toContain(server.summary.root);
    });

    it('exports one partnership with `accord export` that verifies without the rest of the log', async () => {
      const out = join(dir, 'station-road.jsonl');
      const exported = await cli([
        'export',
        '--partnership',
        'station-road',
        '--since',
        String(older),
        '--out',
        out,
        '--api',
        api.baseUrl,
        '--token',
        auditorToken,
      ]);
      expect(exported.code).toBe(0);
      const lines = readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .slice(1, -1)
        .map((l) => JSON.parse(l));
      const streams = new Set(lines.filter((l) => l.event).map((l) => l.event.streamId));
      expect([...streams].sort()).toEqual(['decision-d1', 'decision-d2', 'partnership-station-road']);
      // After the events, where each of them ends, proven against the checkpoint's stream heads.
      expect(lines.filter((l) => l.streamHead).map((l) => l.streamHead.streamId)).toEqual([...streams]);
      const kept = join(dir, 'kept.json');
      writeFileSync(kept, JSON.stringify((await api.request('GET', `/v1/audit/checkpoints/${older}`)).body));
      const result = await cli(['verify', out, '--since', kept]);
      expect(result.stderr).toMatch(/^accord verify: warning: trusted the bundle's own key/);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/partnership station-road/);
      expect(result.stdout).toMatch(/stream ends {2}each stream's last event is the one the checkpoint commits to/);
      expect(result.stdout).toMatch(new RegExp(`extends your checkpoint at tree size ${older}`));
    });

    it('names the position of a one-byte change in an exported bundle', async () => {
      const bundle = await download('/v1/audit/export');
      const at = bundle.indexOf('Station Road update 200');
      bundle[at + 8] = 'r'.charCodeAt(0);
      const result = await offline(bundle);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^FAILED at position 201: altered/);
    });

    it('refuses exports to anyone but auditors and admins', async () => {
      expect((await api.request('GET', '/v1/audit/export')).status).toBe(401);
      expect((await api.request('GET', '/v1/audit/export', { token: await api.token(member) })).status).toBe(403);
      expect((await api.request('GET', '/v1/audit/verify', { token: await api.token(member) })).status).toBe(403);
      expect(
        (await api.request('GET', '/v1/audit/export?partnershipId=nowhere', { token: auditorToken })).body.code,
      ).toBe('partnership-not-found');
    });
  });

  describe('tampering in PostgreSQL is caught by the server and by the offline verifier', () => {
    const cases: { name: string; tamper: string[]; restore: string[]; kind: string; position: number | null }[] = [
      {
        name: "an event's data changed by UPDATE of its canonical bytes",
        tamper: [
          'CREATE TABLE tamper_backup AS SELECT * FROM events WHERE position = 150',
          `UPDATE events SET canonical = convert_to(replace(convert_from(canonical, 'UTF8'), 'update 149', 'update 941'), 'UTF8') WHERE position = 150`,
        ],
        restore: ['DELETE FROM events WHERE position = 150', 'INSERT INTO events SELECT * FROM tamper_backup'],
        kind: 'altered',
        position: 150,
      },
      {
        name: "an event's bytes made invalid UTF-8 (exported as they are, still named)",
        tamper: [
          'CREATE TABLE tamper_backup AS SELECT * FROM events WHERE position = 160',
          `UPDATE events SET canonical = overlay(canonical placing '\\xff'::bytea from 30 for 1) WHERE position = 160`,
        ],
        restore: ['DELETE FROM events WHERE position = 160', 'INSERT INTO events SELECT * FROM tamper_backup'],
        kind: 'altered',
        position: 160,
      },
      {
        name: 'a row deleted',
        tamper: [
          'CREATE TABLE tamper_backup AS SELECT * FROM events WHERE position = 77',
          'DELETE FROM events WHERE position = 77',
        ],
        restore: ['INSERT INTO events SELECT * FROM tamper_backup'],
        kind: 'missing',
        position: 77,
      },
      {
        name: "two rows' positions swapped",
        tamper: [
          'UPDATE events SET position = -1 WHERE position = 90',
          'UPDATE events SET position = 90 WHERE position = 91',
          'UPDATE events SET position = 91 WHERE position = -1',
          'CREATE TABLE tamper_backup ()',
        ],
        restore: [
          'UPDATE events SET position = -1 WHERE position = 90',
          'UPDATE events SET position = 90 WHERE position = 91',
          'UPDATE events SET position = 91 WHERE position = -1',
        ],
        kind: 'reordered',
        position: 90,
      },
      {
        name: 'the tail truncated',
        tamper: [
          'CREATE TABLE tamper_backup AS SELECT * FROM events WHERE position > 280',
          'DELETE FROM events WHERE position > 280',
        ],
        restore: ['INSERT INTO events SELECT * FROM tamper_backup'],
        kind: 'truncated',
        position: 281,
      },
      {
        name: "a checkpoint's signature altered",
        tamper: [
          `CREATE TABLE tamper_backup AS SELECT * FROM checkpoints WHERE tree_size = ${EVENTS}`,
          // Flip one base64 character inside the signature (after the key ID) of the latest checkpoint.
          `UPDATE checkpoints SET note = overlay(note placing (CASE WHEN substr(note, length(note) - 20, 1) = 'A' THEN 'B' ELSE 'A' END) from length(note) - 20 for 1) WHERE tree_size = ${EVENTS}`,
        ],
        restore: [
          `DELETE FROM checkpoints WHERE tree_size = ${EVENTS}`,
          'INSERT INTO checkpoints SELECT * FROM tamper_backup',
        ],
        kind: 'bad-signature',
        position: null,
      },
    ];

    it.each(cases)('$name', async ({ tamper, restore, kind, position }) => {
      for (const sql of tamper) await db.pool.query(sql);
      try {
        const server = await serverVerify();
        expect(server.ok).toBe(false);
        expect(server.fault).toMatchObject({ kind, position });

        const result = await offline(await download('/v1/audit/export'));
        expect(result.code).toBe(1);
        expect(result.stdout).toMatch(
          new RegExp(`^FAILED at ${position === null ? 'line \\d+' : `position ${position}`}: ${kind}`),
        );
      } finally {
        for (const sql of restore) await db.pool.query(sql);
        await db.pool.query('DROP TABLE IF EXISTS tamper_backup');
      }
      expect((await serverVerify()).ok).toBe(true);
    });
  });

  describe('what a bundle does not carry but readers and proofs use is checked against the bytes', () => {
    // Position p holds event i = p - 1; decision-d1's events are at 4 and every p with p % 6 = 4,
    // its last at 298.
    const cases: {
      name: string;
      tamper: string[];
      restore: string[];
      kind: 'column-mismatch' | 'bad-node';
      position: number;
      message: RegExp;
      /** A row outside Station Road's streams: its export is checked on its own rows and still served. */
      outside?: true;
    }[] = [
      {
        name: "a DecisionDrafted's type column (the export would drop the decision)",
        tamper: [`UPDATE events SET type = 'ProgressReported' WHERE position = 5`],
        restore: [`UPDATE events SET type = 'DecisionDrafted' WHERE position = 5`],
        kind: 'column-mismatch',
        position: 5,
        message: /type column of position 5/,
      },
      {
        name: "the stream_id column of a stream's last event (moved out of decision-d1)",
        tamper: [`UPDATE events SET stream_id = 'decision-elsewhere' WHERE position = 298`],
        restore: [`UPDATE events SET stream_id = 'decision-d1' WHERE position = 298`],
        kind: 'column-mismatch',
        position: 298,
        message: /stream_id column of position 298/,
      },
      {
        name: 'a recorded_at column moved a day (as-of queries would date the event wrongly)',
        tamper: [`UPDATE events SET recorded_at = recorded_at + interval '1 day' WHERE position = 200`],
        restore: [`UPDATE events SET recorded_at = recorded_at - interval '1 day' WHERE position = 200`],
        kind: 'column-mismatch',
        position: 200,
        message: /recorded_at column of position 200/,
      },
      {
        name: 'a recorded_at column moved by a microsecond, finer than the bytes say',
        tamper: [`UPDATE events SET recorded_at = recorded_at + interval '1 microsecond' WHERE position = 201`],
        restore: [`UPDATE events SET recorded_at = recorded_at - interval '1 microsecond' WHERE position = 201`],
        kind: 'column-mismatch',
        position: 201,
        message: /recorded_at column of position 201/,
        outside: true, // partnership-elsewhere
      },
      {
        name: 'a revision column',
        tamper: [`UPDATE events SET revision = revision + 1000 WHERE position = 150`],
        restore: [`UPDATE events SET revision = revision - 1000 WHERE position = 150`],
        kind: 'column-mismatch',
        position: 150,
        message: /revision column of position 150/,
        outside: true, // decision-x1, elsewhere's
      },
      {
        name: 'a stored Merkle node zeroed (proofs served from it would fail)',
        tamper: [
          'CREATE TABLE tamper_backup AS SELECT * FROM merkle_nodes WHERE level = 1 AND idx = 10',
          `UPDATE merkle_nodes SET hash = '\\x${'00'.repeat(32)}' WHERE level = 1 AND idx = 10`,
        ],
        restore: [
          'DELETE FROM merkle_nodes WHERE level = 1 AND idx = 10',
          'INSERT INTO merkle_nodes SELECT * FROM tamper_backup',
        ],
        kind: 'bad-node',
        position: 21,
        message: /level 1, index 10 \(positions 21–22\) differs/,
      },
      {
        name: 'a stored Merkle node deleted',
        tamper: [
          'CREATE TABLE tamper_backup AS SELECT * FROM merkle_nodes WHERE level = 2 AND idx = 3',
          'DELETE FROM merkle_nodes WHERE level = 2 AND idx = 3',
        ],
        restore: ['INSERT INTO merkle_nodes SELECT * FROM tamper_backup'],
        kind: 'bad-node',
        position: 13,
        message: /level 2, index 3 \(positions 13–16\) is not stored/,
      },
    ];

    it.each(cases)('$name', async ({ tamper, restore, kind, position, message, outside }) => {
      for (const sql of tamper) await db.pool.query(sql);
      try {
        const server = await serverVerify();
        expect(server.ok).toBe(false);
        expect(server.fault).toMatchObject({ kind, position });
        expect(server.fault.message).toMatch(message);
        const operator = await cli(['verify', '--database'], { DATABASE_URL: db.url });
        expect(operator.code).toBe(1);
        expect(operator.stdout).toMatch(new RegExp(`^FAILED at position ${position}: ${kind}`));
        if (kind === 'column-mismatch') {
          // A partnership's bundle is chosen by those columns: it is refused, not served short.
          if (outside) {
            const bundle = await download('/v1/audit/export?partnershipId=station-road');
            expect((await offline(bundle)).code).toBe(0);
          } else {
            const res = await api.request('GET', '/v1/audit/export?partnershipId=station-road', {
              token: auditorToken,
            });
            expect(res.status).toBe(503);
            expect(res.body).toMatchObject({ code: 'audit-log-mismatch', position });
          }
        }
      } finally {
        for (const sql of restore) await db.pool.query(sql);
        await db.pool.query('DROP TABLE IF EXISTS tamper_backup');
      }
      expect((await serverVerify()).ok).toBe(true);
      const { vkey } = (await api.request('GET', '/v1/audit/public-key')).body;
      const clean = await cli(['verify', '--database', '--key', vkey], { DATABASE_URL: db.url });
      expect({ code: clean.code, stderr: clean.stderr }).toEqual({ code: 0, stderr: '' });
      expect(clean.stdout).toMatch(/^OK: the bundle verifies[\s\S]*\(the key you gave\)/);
    });

    it('answers a proof that needs a deleted row with the missing position, not a server error', async () => {
      await db.pool.query('CREATE TABLE tamper_backup AS SELECT * FROM events WHERE position = 78');
      await db.pool.query('DELETE FROM events WHERE position = 78');
      try {
        // Leaf 76 (position 77) has leaf 77 (position 78) as its sibling.
        const res = await api.request('GET', '/v1/audit/proofs/inclusion?position=77', { token: auditorToken });
        expect(res.status).toBe(503);
        expect(res.body).toMatchObject({ code: 'merkle-node-missing', position: 78 });
        expect(res.body.detail).toBe('The event at position 78 is missing from the log');
      } finally {
        await db.pool.query('INSERT INTO events SELECT * FROM tamper_backup');
        await db.pool.query('DROP TABLE tamper_backup');
      }
      expect((await api.request('GET', '/v1/audit/proofs/inclusion?position=77', { token: auditorToken })).status).toBe(
        200,
      );
    });

    it('refuses to read a stream whose rows were moved in or out of it by their stream_id column', async () => {
      const before = await store.readStream('decision-d1');
      await db.pool.query(`UPDATE events SET stream_id = 'decision-elsewhere' WHERE position = 100`);
      try {
        await expect(store.readStream('decision-elsewhere')).rejects.toMatchObject({
          code: 'audit-log-mismatch',
          details: { position: 100, column: 'stream_id' },
        });
        await expect(store.readStream('decision-d1')).rejects.toMatchObject({
          code: 'audit-log-mismatch',
          details: { position: 106, column: 'revision' },
        });
      } finally {
        await db.pool.query(`UPDATE events SET stream_id = 'decision-d1' WHERE position = 100`);
      }
      expect(await store.readStream('decision-d1')).toEqual(before);
    });
  });
});
