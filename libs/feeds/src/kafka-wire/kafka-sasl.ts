import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { KafkaAuthenticationError, KafkaBrokerError, kafkaErrorName } from './kafka-errors';
import { KafkaConnection } from './kafka-connection';
import { WireReader } from './wire-reader';
import { WireWriter } from './wire-writer';

export interface SaslSettings {
  mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  username: string;
  password: string;
}

const SASL_HANDSHAKE = 17; // v1: then SaslAuthenticate requests carry the tokens
const SASL_AUTHENTICATE = 36; // v0

/** Authenticates a fresh connection (KIP-152 framing): PLAIN (RFC 4616) or SCRAM (RFC 5802/7677). */
export async function authenticate(connection: KafkaConnection, sasl: SaslSettings): Promise<void> {
  const mechanism = sasl.mechanism.toUpperCase();
  const handshake = new WireReader(
    await connection.request('SaslHandshake', SASL_HANDSHAKE, 1, new WireWriter(64).string(mechanism).bytes),
  );
  const code = handshake.int16();
  if (code !== 0)
    throw new KafkaBrokerError(
      code,
      `in the SASL handshake for ${mechanism} (the broker offers ${handshake.array((r) => r.string()).join(', ')})`,
    );
  if (sasl.mechanism === 'plain') {
    await exchange(connection, sasl, Buffer.from(`\0${sasl.username}\0${sasl.password}`));
    return;
  }
  const nonce = randomBytes(24).toString('base64');
  const clientFirstBare = `n=${saslName(sasl.username)},r=${nonce}`;
  const serverFirst = (await exchange(connection, sasl, Buffer.from(`n,,${clientFirstBare}`))).toString();
  const scram = scramClientFinal(sasl.mechanism, sasl.password, clientFirstBare, serverFirst);
  if (!scram) throw new KafkaAuthenticationError(connection.broker, `${mechanism}: unexpected server-first message`);
  const serverFinal = (await exchange(connection, sasl, Buffer.from(scram.clientFinal))).toString();
  if (serverFinal !== scram.serverFinal)
    throw new KafkaAuthenticationError(
      connection.broker,
      `${mechanism}: the broker did not prove it knows the SCRAM credentials`,
    );
}

/**
 * The SCRAM client-final message (RFC 5802 §3) for the client-first-bare we sent and the
 * server-first we got, and the server-final the broker must answer with; undefined when the
 * server-first is malformed or does not extend our nonce. Pure, so RFC 7677's vectors check it.
 */
export function scramClientFinal(
  mechanism: 'scram-sha-256' | 'scram-sha-512',
  password: string,
  clientFirstBare: string,
  serverFirst: string,
): { clientFinal: string; serverFinal: string } | undefined {
  const hash = mechanism === 'scram-sha-256' ? 'sha256' : 'sha512';
  const nonce = /(?:^|,)r=([^,]*)/.exec(clientFirstBare)?.[1];
  const fields = Object.fromEntries(serverFirst.split(',').map((f) => [f[0], f.slice(2)]));
  const iterations = Number(fields.i);
  if (
    !nonce ||
    !fields.r?.startsWith(nonce) ||
    fields.r.length <= nonce.length ||
    !fields.s ||
    !Number.isInteger(iterations) ||
    iterations <= 0
  )
    return undefined;
  const salted = pbkdf2Sync(password, Buffer.from(fields.s, 'base64'), iterations, hash === 'sha256' ? 32 : 64, hash);
  const clientKey = createHmac(hash, salted).update('Client Key').digest();
  const storedKey = createHash(hash).update(clientKey).digest();
  const clientFinalBare = `c=biws,r=${fields.r}`;
  const authMessage = `${clientFirstBare},${serverFirst},${clientFinalBare}`;
  const signature = createHmac(hash, storedKey).update(authMessage).digest();
  const proof = Buffer.from(clientKey.map((b, i) => b ^ signature[i]));
  const serverKey = createHmac(hash, salted).update('Server Key').digest();
  const serverSignature = createHmac(hash, serverKey).update(authMessage).digest('base64');
  return { clientFinal: `${clientFinalBare},p=${proof.toString('base64')}`, serverFinal: `v=${serverSignature}` };
}

async function exchange(connection: KafkaConnection, sasl: SaslSettings, token: Buffer): Promise<Buffer> {
  const reader = new WireReader(
    await connection.request(
      'SaslAuthenticate',
      SASL_AUTHENTICATE,
      0,
      new WireWriter(token.length + 8).bytes32(token).bytes,
    ),
  );
  const code = reader.int16();
  const message = reader.string();
  // e.g. "SASL SCRAM-SHA-256 authentication failed for user accord: Authentication failed during
  // authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256"
  if (code !== 0)
    throw new KafkaAuthenticationError(
      connection.broker,
      `${sasl.mechanism.toUpperCase()} authentication failed for user ${sasl.username}: ${message ?? kafkaErrorName(code)} (error ${code})`,
    );
  return reader.bytes32() ?? Buffer.alloc(0);
}

/** RFC 5802 saslname: ',' and '=' escaped. */
function saslName(name: string): string {
  return name.replace(/=/g, '=3D').replace(/,/g, '=2C');
}
