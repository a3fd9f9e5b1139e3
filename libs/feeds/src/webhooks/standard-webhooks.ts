import * as crypto from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { WebhookScheme } from '@accord/domain';

/**
 * Standard Webhooks signatures (spec 1.0.0): the signed content is `{id}.{timestamp}.{body}`,
 * sent as `webhook-signature: v1a,<base64 Ed25519>` or `v1,<base64 HMAC-SHA256>`, space-separated
 * when more than one key signs (during a rotation).
 *
 * Keys are never stored: key version n of an endpoint is HKDF-SHA256 of the server's webhook
 * key, salted with the endpoint's identity, so the ledger needs only the public half and a
 * restarted deliverer signs with the same keys.
 */

/** The 32 bytes an endpoint's key version is made from: the Ed25519 seed, or the HMAC secret. */
export function deriveWebhookKey(serverKey: Buffer, organisationId: string, endpointId: string, keyVersion: number) {
  const info = `accord webhook key\0${organisationId}\0${endpointId}\0${keyVersion}`;
  return Buffer.from(crypto.hkdfSync('sha256', serverKey, Buffer.alloc(0), info, 32));
}

/** `whpk_…`: the raw 32-byte public key in base64, as the spec serialises it. */
export function webhookPublicKey(seed: Buffer): string {
  const spki = crypto.createPublicKey(ed25519PrivateKey(seed)).export({ format: 'der', type: 'spki' });
  return `whpk_${spki.subarray(spki.length - 32).toString('base64')}`;
}

/** What the subscriber is given once: the public key for `v1a`, the shared secret for `v1`. */
export function subscriberKey(scheme: WebhookScheme, key: Buffer): string {
  return scheme === 'v1a' ? webhookPublicKey(key) : `whsec_${key.toString('base64')}`;
}

/** Signs deliveries with one key: the key object is built once, not per delivery. */
export type WebhookSigner = (msgId: string, timestampSeconds: number, body: string | Buffer) => string;

/**
 * Builds the signer. It refers to nothing outside its own body but `nodeCrypto`, because the
 * webhook sender's worker thread is given it as source text.
 */
export function webhookSigning(nodeCrypto: Pick<typeof crypto, 'createHmac' | 'createPrivateKey' | 'sign'>) {
  /** An Ed25519 seed as a PKCS#8 key: RFC 8410's fixed prefix, then the 32 bytes. */
  const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

  function ed25519PrivateKey(seed: Buffer): KeyObject {
    return nodeCrypto.createPrivateKey({
      key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
      format: 'der',
      type: 'pkcs8',
    });
  }

  function webhookSigner(scheme: WebhookScheme, key: Buffer): WebhookSigner {
    const privateKey = scheme === 'v1a' ? ed25519PrivateKey(key) : undefined;
    return (msgId, timestampSeconds, body) => {
      const content = Buffer.concat([Buffer.from(`${msgId}.${timestampSeconds}.`), Buffer.from(body)]);
      const signature = privateKey
        ? nodeCrypto.sign(null, content, privateKey)
        : nodeCrypto.createHmac('sha256', key).update(content).digest();
      return `${scheme},${signature.toString('base64')}`;
    };
  }

  return { ed25519PrivateKey, webhookSigner };
}

const { ed25519PrivateKey, webhookSigner } = webhookSigning(crypto);
export { webhookSigner };

/** One signature, `<scheme>,<base64>`, of a delivery. */
export function signWebhook(
  scheme: WebhookScheme,
  key: Buffer,
  msgId: string,
  timestampSeconds: number,
  body: string | Buffer,
): string {
  return webhookSigner(scheme, key)(msgId, timestampSeconds, body);
}
