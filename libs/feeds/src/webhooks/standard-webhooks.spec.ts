import { createPublicKey, verify } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { deriveWebhookKey, signWebhook, subscriberKey, webhookPublicKey } from './standard-webhooks';

// The test vectors of the Standard Webhooks reference libraries (Go asymmetric, JavaScript symmetric).
const MSG_ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TIMESTAMP = 1614265330;
const PAYLOAD = '{"test": 2432232314}';

describe('Standard Webhooks signatures', () => {
  it("v1a (Ed25519) matches the spec libraries' vector", () => {
    const seed = Buffer.from('VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=', 'base64');
    expect(signWebhook('v1a', seed, MSG_ID, TIMESTAMP, PAYLOAD)).toBe(
      'v1a,tQ9V2XOqn7jL/DQenEFpqIugdBVtiMmER5mhSkXBNwM0mkATuDe6KYYUuxqtaiHeYGb7KaaBRdM5WqyeFiL8Ag==',
    );
  });

  it("v1 (HMAC-SHA256) matches the spec libraries' vector", () => {
    const secret = Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64');
    expect(signWebhook('v1', secret, MSG_ID, TIMESTAMP, PAYLOAD)).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('a v1 delivery verifies with the maintained standardwebhooks package and the secret the subscriber was given', () => {
    const key = deriveWebhookKey(Buffer.alloc(32, 1), 'org-1', 'hook-1', 1);
    const now = Math.floor(Date.now() / 1000);
    const body = '{"type":"VoteCast"}';
    const headers = {
      'webhook-id': 'evt_1',
      'webhook-timestamp': String(now),
      'webhook-signature': signWebhook('v1', key, 'evt_1', now, body),
    };
    expect(new Webhook(subscriberKey('v1', key)).verify(body, headers)).toEqual({ type: 'VoteCast' });
  });

  it('a v1a delivery verifies with the whpk_ public key alone (an independent Ed25519 check)', () => {
    const key = deriveWebhookKey(Buffer.alloc(32, 1), 'org-1', 'hook-1', 1);
    const publicKey = webhookPublicKey(key);
    const signature = signWebhook('v1a', key, 'evt_1', 1700000000, 'body');
    const raw = Buffer.from(publicKey.slice('whpk_'.length), 'base64');
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]);
    const ok = verify(
      null,
      Buffer.from('evt_1.1700000000.body'),
      createPublicKey({ key: spki, format: 'der', type: 'spki' }),
      Buffer.from(signature.slice('v1a,'.length), 'base64'),
    );
    expect(ok).toBe(true);
  });

  it('each endpoint and key version has its own key', () => {
    const server = Buffer.alloc(32, 1);
    const keys = [
      deriveWebhookKey(server, 'org-1', 'hook-1', 1),
      deriveWebhookKey(server, 'org-1', 'hook-1', 2),
      deriveWebhookKey(server, 'org-1', 'hook-2', 1),
      deriveWebhookKey(server, 'org-2', 'hook-1', 1),
    ].map((k) => k.toString('hex'));
    expect(new Set(keys).size).toBe(4);
    expect(deriveWebhookKey(server, 'org-1', 'hook-1', 1).toString('hex')).toBe(keys[0]);
  });
});
