import { Pool } from 'pg';
import { type BundleVerification, splitLines, verifyBundle } from '@accord/audit';
import type { AuditSigningKey } from './audit-signing-key';
import { prepareBundleExport } from './bundle-exporter';

/**
 * The server-side check: the whole log is exported and fed to the offline verifier in the same
 * process, so `GET /v1/audit/verify` and `accord verify` cannot disagree. The server's own key
 * is the trusted one, so a checkpoint re-signed with another key stored in the database fails.
 */
export async function verifyLog(pool: Pool, keys: { get(): Promise<AuditSigningKey> }): Promise<BundleVerification> {
  const trustedVkey = await keys.get().then(
    (k) => k.vkey,
    () => undefined,
  );
  const lines = await prepareBundleExport(pool, {});
  return verifyBundle(splitLines(lines), { trustedVkey });
}
