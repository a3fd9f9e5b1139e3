import { type IdRecord, own, withEntry } from '../shared/records';
import type { WebhookEndpointEvent } from './organisation.events';
import type { WebhookDisabledReason, WebhookEndpointStatus, WebhookScheme } from './webhook-vocabulary';

export interface WebhookKey {
  readonly keyVersion: number;
  readonly publicKey?: string;
}

export interface WebhookEndpointRecord {
  readonly endpointId: string;
  readonly url: string;
  readonly eventTypes: readonly string[];
  readonly partnershipIds: readonly string[];
  readonly scheme: WebhookScheme;
  /** 1: each delivery is one event's envelope; more: a JSON array of up to this many envelopes. */
  readonly maxEventsPerDelivery: number;
  readonly status: WebhookEndpointStatus;
  readonly key: WebhookKey;
  /** The key that signs beside `key` until `until` (after a rotation). */
  readonly previousKey?: WebhookKey & { readonly until: string };
  /** Why Accord stopped delivering (status `disabled`), told to the organisation's admins until they resume it. */
  readonly disabled?: { readonly reason: WebhookDisabledReason; readonly detail: string };
}

const keyOf = (keyVersion: number, publicKey: string | undefined): WebhookKey =>
  publicKey === undefined ? { keyVersion } : { keyVersion, publicKey };

export function evolveWebhookEndpoints(
  endpoints: IdRecord<WebhookEndpointRecord>,
  event: WebhookEndpointEvent,
): IdRecord<WebhookEndpointRecord> {
  const { endpointId } = event.data;
  if (event.type === 'WebhookEndpointRegistered') {
    const d = event.data;
    return withEntry(endpoints, endpointId, {
      endpointId,
      url: d.url,
      eventTypes: [...d.eventTypes],
      partnershipIds: [...d.partnershipIds],
      scheme: d.scheme,
      maxEventsPerDelivery: d.maxEventsPerDelivery ?? 1,
      status: 'active',
      key: keyOf(d.keyVersion, d.publicKey),
    });
  }
  const endpoint = own(endpoints, endpointId);
  if (!endpoint) return endpoints;
  return withEntry(endpoints, endpointId, changed(endpoint, event));
}

function changed(endpoint: WebhookEndpointRecord, event: WebhookEndpointEvent): WebhookEndpointRecord {
  switch (event.type) {
    case 'WebhookKeyRotated': {
      const d = event.data;
      return {
        ...endpoint,
        key: keyOf(d.keyVersion, d.publicKey),
        previousKey: { ...endpoint.key, until: d.previousKeyUntil },
      };
    }
    case 'WebhookEndpointPaused':
      return { ...endpoint, status: 'paused' };
    case 'WebhookEndpointResumed': {
      const { disabled: _resumed, ...rest } = endpoint;
      return { ...rest, status: 'active' };
    }
    case 'WebhookEndpointDisabled':
      return { ...endpoint, status: 'disabled', disabled: { reason: event.data.reason, detail: event.data.detail } };
    case 'WebhookEndpointDeleted':
      return { ...endpoint, status: 'deleted' };
    default:
      return endpoint;
  }
}
