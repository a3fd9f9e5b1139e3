import net from 'node:net';
import tls from 'node:tls';
import { KafkaConnectionError, KafkaRequestTimeoutError } from './kafka-errors';

export interface BrokerAddress {
  host: string;
  port: number;
}

interface Pending {
  api: string;
  resolve: (body: Buffer) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * One TCP (or TLS) connection to a broker: frames requests (request header v1), matches
 * responses by correlation id, and fails every pending request when the socket fails, so a
 * broker outage surfaces as an error within the request timeout rather than a hang. Kafka answers
 * a connection's requests in the order they were sent, which is what keeps pipelined produce
 * requests (and the sequence numbers in them) in order.
 */
export class KafkaConnection {
  private readonly pending = new Map<number, Pending>();
  private nextCorrelationId = 1;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private failure: Error | null = null;

  private constructor(
    private readonly socket: net.Socket,
    readonly broker: string,
    private readonly clientId: string,
    private readonly requestTimeoutMs: number,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.receive(chunk));
    socket.on('error', (err) => this.fail(new KafkaConnectionError(broker, err.message)));
    socket.on('close', () => this.fail(new KafkaConnectionError(broker, 'connection closed')));
  }

  /** `ssl`: TLS with Node's default CAs (`true`) or with `ca` as the only trusted CAs. */
  static open(
    address: BrokerAddress,
    options: {
      clientId: string;
      ssl: boolean | { ca?: string | string[] };
      connectTimeoutMs: number;
      requestTimeoutMs: number;
    },
  ): Promise<KafkaConnection> {
    const broker = `${address.host}:${address.port}`;
    return new Promise((resolve, reject) => {
      const ca = typeof options.ssl === 'object' ? options.ssl.ca : undefined;
      const socket = options.ssl
        ? tls.connect({
            host: address.host,
            port: address.port,
            servername: net.isIP(address.host) ? undefined : address.host,
            ...(ca ? { ca } : {}),
          })
        : net.connect({ host: address.host, port: address.port });
      // Over TLS, an error after the TCP connect is the handshake's: usually a certificate the
      // client does not trust (no `ca` for a private CA) or a name it was not issued for.
      let tcpConnected = false;
      if (options.ssl) socket.once('connect', () => (tcpConnected = true));
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new KafkaConnectionError(broker, `not connected within ${options.connectTimeoutMs} ms`));
      }, options.connectTimeoutMs);
      const onError = (err: Error) => {
        clearTimeout(timer);
        reject(new KafkaConnectionError(broker, tcpConnected ? `TLS handshake failed: ${err.message}` : err.message));
      };
      socket.once('error', onError);
      socket.once(options.ssl ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        socket.off('error', onError);
        resolve(new KafkaConnection(socket, broker, options.clientId, options.requestTimeoutMs));
      });
    });
  }

  /** Sends one request and resolves with its response body (after the correlation id). */
  request(api: string, apiKey: number, apiVersion: number, body: Uint8Array): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure);
    const correlationId = this.nextCorrelationId++;
    const clientId = Buffer.from(this.clientId);
    const header = Buffer.allocUnsafe(14 + clientId.length);
    header.writeInt32BE(10 + clientId.length + body.length, 0);
    header.writeInt16BE(apiKey, 4);
    header.writeInt16BE(apiVersion, 6);
    header.writeInt32BE(correlationId, 8);
    header.writeInt16BE(clientId.length, 12);
    clientId.copy(header, 14);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.fail(new KafkaRequestTimeoutError(this.broker, api, this.requestTimeoutMs)),
        this.requestTimeoutMs,
      );
      this.pending.set(correlationId, { api, resolve, reject, timer });
      // Two writes, no copy of the (large) body; cork sends them as one segment.
      this.socket.cork();
      this.socket.write(header);
      this.socket.write(body);
      this.socket.uncork();
    });
  }

  close(): void {
    this.fail(new KafkaConnectionError(this.broker, 'connection closed by the relay'));
  }

  private receive(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    while (this.buffered >= 4) {
      const head = this.chunks[0].length >= 4 ? this.chunks[0] : Buffer.concat(this.chunks);
      const size = head.readInt32BE(0);
      if (this.buffered < 4 + size) return;
      const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
      const frame = all.subarray(4, 4 + size);
      const rest = all.subarray(4 + size);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
      this.settle(frame.readInt32BE(0), frame.subarray(4));
    }
  }

  private settle(correlationId: number, body: Buffer): void {
    const pending = this.pending.get(correlationId);
    if (!pending) return; // answered after a timeout failed it
    this.pending.delete(correlationId);
    clearTimeout(pending.timer);
    pending.resolve(body);
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(this.failure);
    }
    this.pending.clear();
    this.socket.destroy();
  }
}
