import * as dns from 'node:dns';
import type { LookupAddress } from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import type { BlockList } from 'node:net';

/**
 * One webhook POST, made safe to aim at a URL a customer chose (Standard Webhooks "SSRF"): the
 * address the name resolves to is checked at connect time (so DNS cannot swap in a private one
 * after a check), private, loopback, link-local and other special ranges are refused unless the
 * allow-list names them, redirects are not followed (a 3xx is just a failure), the whole exchange
 * has a deadline and the response body is read only up to a cap.
 */
export interface OutboundPolicy {
  /** Addresses or CIDR ranges that may be called although they are private (tests: loopback). */
  allow: readonly string[];
  timeoutMs: number;
  maxResponseBytes: number;
}

export interface OutboundAnswer {
  status: number;
  retryAfter?: string;
  /** Set when the request never got an HTTP answer (refused address, timeout, connection error). */
  error?: string;
}

interface NodeModules {
  dns: Pick<typeof dns, 'lookup'>;
  http: Pick<typeof http, 'request'>;
  https: Pick<typeof https, 'request'>;
  net: Pick<typeof net, 'BlockList' | 'isIP'>;
}

/**
 * Builds the outbound guard. It refers to nothing outside its own body but the Node modules it is
 * given, because the webhook sender's worker thread is given it as source text.
 */
export function outboundRequests(node: NodeModules) {
  // IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are checked by BlockList against the IPv4 rules.
  const SPECIAL = new node.net.BlockList();
  for (const [range, bits] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const)
    SPECIAL.addSubnet(range, bits, 'ipv4');
  for (const [range, bits] of [
    ['::', 128],
    ['::1', 128],
    ['64:ff9b::', 96],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
  ] as const)
    SPECIAL.addSubnet(range, bits, 'ipv6');

  function allowList(entries: readonly string[]): BlockList {
    const list = new node.net.BlockList();
    for (const entry of entries) {
      const [address, bits] = entry.split('/');
      const family = node.net.isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (bits === undefined) list.addAddress(address, family);
      else list.addSubnet(address, Number(bits), family);
    }
    return list;
  }

  /** Whether an outbound request may reach this address. */
  function mayCall(address: string, allowed: BlockList): boolean {
    const family = node.net.isIP(address) === 6 ? 'ipv6' : 'ipv4';
    return allowed.check(address, family) || !SPECIAL.check(address, family);
  }

  class RefusedAddressError extends Error {
    readonly code = 'webhook-address-refused';
  }

  function postWebhook(
    url: string,
    headers: Record<string, string>,
    body: string,
    policy: OutboundPolicy,
    allowed: BlockList = allowList(policy.allow),
  ): Promise<OutboundAnswer> {
    const target = new URL(url);
    const request = target.protocol === 'https:' ? node.https.request : node.http.request;
    const guardedLookup = (
      hostname: string,
      options: object,
      callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void,
    ) =>
      node.dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
        if (err) return callback(err, []);
        const refused = addresses.find((a) => !mayCall(a.address, allowed));
        if (refused) return callback(new RefusedAddressError(`${hostname} resolves to ${refused.address}`), []);
        callback(null, addresses);
      });
    // A literal IP skips the lookup, so it is checked here, before a request exists: destroying
    // one once made still let its socket connect.
    const host = target.hostname.replace(/^\[|\]$/g, '');
    if (node.net.isIP(host) && !mayCall(host, allowed))
      return Promise.resolve({ status: 0, error: `${host} is a private, loopback or link-local address` });
    return new Promise((resolve) => {
      const req = request(
        target,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
          lookup: guardedLookup as never,
          signal: AbortSignal.timeout(policy.timeoutMs),
        },
        (res) => {
          let read = 0;
          res.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > policy.maxResponseBytes) res.destroy();
          });
          const settle = () =>
            resolve({
              status: res.statusCode ?? 0,
              ...(typeof res.headers['retry-after'] === 'string' ? { retryAfter: res.headers['retry-after'] } : {}),
            });
          res.on('end', settle);
          res.on('close', settle);
          res.on('error', settle);
        },
      );
      req.on('error', (err) => resolve({ status: 0, error: err.message }));
      req.end(body);
    });
  }

  return { allowList, mayCall, postWebhook, RefusedAddressError };
}

export const { allowList, mayCall, postWebhook, RefusedAddressError } = outboundRequests({ dns, http, https, net });
