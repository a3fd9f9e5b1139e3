import { personRef } from '../shared/actor';
import { badInput, ErrorCode, notFound, rule } from '../shared/errors';
import { entries, own } from '../shared/records';
import { millis } from '../shared/time';
import { requireId, requireInteger, requireOneOf } from '../shared/validation';
import { DECISION_EVENT_TYPES } from '../decision/decision.events';
import { MEETING_EVENT_TYPES } from '../meeting/meeting.events';
import { PARTNERSHIP_EVENT_TYPES } from '../partnership/partnership.events';
import type {
  DeleteWebhookEndpoint,
  PauseWebhookEndpoint,
  RegisterWebhookEndpoint,
  ResumeWebhookEndpoint,
  RotateWebhookKey,
  WebhookEndpointCommand,
} from './organisation.commands';
import {
  ORGANISATION_EVENT_TYPES,
  type WebhookEndpointDisabled,
  type WebhookEndpointEvent,
} from './organisation.events';
import { requireOrganisationAdmin } from './organisation-rules';
import type { OrganisationState } from './organisation.state';
import type { WebhookEndpointRecord } from './webhook-endpoint.state';
import {
  DEFAULT_KEY_OVERLAP_SECONDS,
  MAX_EVENTS_PER_DELIVERY,
  MAX_KEY_OVERLAP_SECONDS,
  MAX_WEBHOOK_ENDPOINTS,
  MAX_WEBHOOK_URL_LENGTH,
  WEBHOOK_SCHEMES,
  type WebhookDisabledReason,
  type WebhookEndpointStatus,
  type WebhookScheme,
} from './webhook-vocabulary';

const DELIVERABLE_EVENT_TYPES: readonly string[] = [
  ...ORGANISATION_EVENT_TYPES,
  ...PARTNERSHIP_EVENT_TYPES,
  ...DECISION_EVENT_TYPES,
  ...MEETING_EVENT_TYPES,
];

/** 32 bytes of Ed25519 public key, base64 with its padding, as Standard Webhooks serialises it. */
const PUBLIC_KEY = /^whpk_[A-Za-z0-9+/]{43}=$/;

/** Webhook endpoint commands, on the organisation's stream: only its admins manage them. */
export function decideWebhookEndpoint(c: WebhookEndpointCommand, state: OrganisationState): WebhookEndpointEvent[] {
  switch (c.type) {
    case 'RegisterWebhookEndpoint':
      return register(c, state);
    case 'RotateWebhookKey':
      return rotate(c, state);
    case 'PauseWebhookEndpoint':
      return pause(c, state);
    case 'ResumeWebhookEndpoint':
      return resume(c, state);
    case 'DeleteWebhookEndpoint':
      return remove(c, state);
  }
}

/**
 * What the deliverer records when it gives up on an endpoint (a 410, or every retry failed).
 * No actor check: it acts on delivery evidence, like the closing-time scheduler. `[]` when the
 * endpoint is no longer active (paused, deleted or already disabled), so it is safe to retry.
 */
export function disableWebhookEndpoint(
  state: OrganisationState,
  endpointId: string,
  reason: WebhookDisabledReason,
  detail: string,
): WebhookEndpointDisabled[] {
  const endpoint = own(state.webhookEndpoints, endpointId);
  if (endpoint?.status !== 'active') return [];
  return [
    { type: 'WebhookEndpointDisabled', data: { organisationId: state.organisationId, endpointId, reason, detail } },
  ];
}

function register(c: RegisterWebhookEndpoint, state: OrganisationState): WebhookEndpointEvent[] {
  const organisationId = requireId('organisationId', c.organisationId);
  const endpointId = requireId('endpointId', c.endpointId);
  const url = requireWebhookUrl(c.url);
  const eventTypes = requireDistinct('eventTypes', c.eventTypes ?? [], (v) =>
    requireOneOf('eventTypes', v, DELIVERABLE_EVENT_TYPES),
  );
  const partnershipIds = requireDistinct('partnershipIds', c.partnershipIds ?? [], (v) =>
    requireId('partnershipIds', v),
  );
  const scheme = requireOneOf('scheme', c.scheme, WEBHOOK_SCHEMES);
  const publicKey = requirePublicKey(scheme, c.publicKey);
  const maxEvents = requireInteger('maxEventsPerDelivery', c.maxEventsPerDelivery ?? 1, 1, MAX_EVENTS_PER_DELIVERY);
  requireOrganisationAdmin(c.actor, organisationId);
  requireRegistered(state, organisationId);
  if (own(state.webhookEndpoints, endpointId)) {
    throw rule(ErrorCode.WebhookEndpointAlreadyExists, `webhook endpoint ${endpointId} already exists`, {
      endpointId,
    });
  }
  if (entries(state.webhookEndpoints).filter((e) => e.status !== 'deleted').length >= MAX_WEBHOOK_ENDPOINTS) {
    throw rule(
      ErrorCode.WebhookEndpointLimitReached,
      `an organisation keeps at most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints`,
      { limit: MAX_WEBHOOK_ENDPOINTS },
    );
  }
  return [
    {
      type: 'WebhookEndpointRegistered',
      data: {
        organisationId,
        endpointId,
        url,
        eventTypes,
        partnershipIds,
        scheme,
        keyVersion: 1,
        ...(publicKey === undefined ? {} : { publicKey }),
        ...(maxEvents === 1 ? {} : { maxEventsPerDelivery: maxEvents }),
        registeredBy: personRef(c.actor),
      },
    },
  ];
}

function rotate(c: RotateWebhookKey, state: OrganisationState): WebhookEndpointEvent[] {
  const keyVersion = requireInteger('keyVersion', c.keyVersion, 1);
  const { organisationId, endpoint } = existing(c, state);
  if (keyVersion !== endpoint.key.keyVersion + 1) {
    throw rule(ErrorCode.WebhookKeyVersionMoved, `the next key version is ${endpoint.key.keyVersion + 1}`, {
      endpointId: endpoint.endpointId,
      keyVersion: endpoint.key.keyVersion + 1,
    });
  }
  const publicKey = requirePublicKey(endpoint.scheme, c.publicKey);
  const overlap =
    c.overlapSeconds === undefined
      ? DEFAULT_KEY_OVERLAP_SECONDS
      : requireInteger('overlapSeconds', c.overlapSeconds, 0, MAX_KEY_OVERLAP_SECONDS);
  return [
    {
      type: 'WebhookKeyRotated',
      data: {
        organisationId,
        endpointId: endpoint.endpointId,
        keyVersion,
        ...(publicKey === undefined ? {} : { publicKey }),
        previousKeyVersion: endpoint.key.keyVersion,
        previousKeyUntil: new Date(millis(c.now) + overlap * 1000).toISOString(),
        rotatedBy: personRef(c.actor),
      },
    },
  ];
}

function pause(c: PauseWebhookEndpoint, state: OrganisationState): WebhookEndpointEvent[] {
  const { organisationId, endpoint } = existing(c, state);
  requireStatus(endpoint, ['active'], ErrorCode.WebhookEndpointNotActive);
  return [
    {
      type: 'WebhookEndpointPaused',
      data: { organisationId, endpointId: endpoint.endpointId, pausedBy: personRef(c.actor) },
    },
  ];
}

/** Resuming also re-enables an endpoint Accord disabled, once its owner has mended the receiver. */
function resume(c: ResumeWebhookEndpoint, state: OrganisationState): WebhookEndpointEvent[] {
  const { organisationId, endpoint } = existing(c, state);
  requireStatus(endpoint, ['paused', 'disabled'], ErrorCode.WebhookEndpointNotStopped);
  return [
    {
      type: 'WebhookEndpointResumed',
      data: { organisationId, endpointId: endpoint.endpointId, resumedBy: personRef(c.actor) },
    },
  ];
}

function requireStatus(endpoint: WebhookEndpointRecord, allowed: readonly WebhookEndpointStatus[], code: ErrorCode) {
  if (!allowed.includes(endpoint.status)) {
    throw rule(code, `webhook endpoint ${endpoint.endpointId} is ${endpoint.status}`, {
      endpointId: endpoint.endpointId,
      status: endpoint.status,
    });
  }
}

function remove(c: DeleteWebhookEndpoint, state: OrganisationState): WebhookEndpointEvent[] {
  const { organisationId, endpoint } = existing(c, state);
  return [
    {
      type: 'WebhookEndpointDeleted',
      data: { organisationId, endpointId: endpoint.endpointId, deletedBy: personRef(c.actor) },
    },
  ];
}

/** The addressed endpoint, after the shared checks; a deleted endpoint takes no more commands. */
function existing(
  c: { organisationId: string; endpointId: string; actor: RegisterWebhookEndpoint['actor'] },
  state: OrganisationState,
): { organisationId: string; endpoint: WebhookEndpointRecord } {
  const organisationId = requireId('organisationId', c.organisationId);
  const endpointId = requireId('endpointId', c.endpointId);
  requireOrganisationAdmin(c.actor, organisationId);
  requireRegistered(state, organisationId);
  const endpoint = own(state.webhookEndpoints, endpointId);
  if (!endpoint) {
    throw notFound(ErrorCode.WebhookEndpointNotFound, `webhook endpoint ${endpointId} not found`, {
      organisationId,
      endpointId,
    });
  }
  if (endpoint.status === 'deleted') {
    throw rule(ErrorCode.WebhookEndpointDeleted, `webhook endpoint ${endpointId} was deleted`, { endpointId });
  }
  return { organisationId, endpoint };
}

function requireRegistered(state: OrganisationState, organisationId: string): void {
  if (!state.registered)
    throw notFound(ErrorCode.OrganisationNotFound, `organisation ${organisationId} is not registered`, {
      organisationId,
    });
}

/**
 * An absolute http(s) URL without credentials (they would be recorded in the ledger). Which
 * hosts may be called is the deliverer's business (its SSRF guard), not the ledger's.
 */
export function requireWebhookUrl(value: unknown): string {
  const invalid = (message: string) => badInput(ErrorCode.InvalidField, message, { field: 'url' });
  if (typeof value !== 'string' || value.length === 0)
    throw badInput(ErrorCode.FieldRequired, 'url is required', { field: 'url' });
  if (value.length > MAX_WEBHOOK_URL_LENGTH) throw invalid(`url must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid('url must be an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('url must be http or https');
  if (url.username !== '' || url.password !== '') throw invalid('url must not carry credentials');
  if (url.hash !== '') throw invalid('url must not have a fragment');
  return value;
}

function requireDistinct(field: string, value: unknown, each: (v: unknown) => string): string[] {
  if (!Array.isArray(value)) throw badInput(ErrorCode.InvalidField, `${field} must be a list`, { field });
  const items = value.map(each);
  if (new Set(items).size !== items.length)
    throw badInput(ErrorCode.InvalidField, `${field} must not repeat`, { field });
  return items;
}

/** `v1a` needs the public key of the key it will sign with; `v1` has none to record. */
function requirePublicKey(scheme: WebhookScheme, value: unknown): string | undefined {
  if (scheme === 'v1') {
    if (value !== undefined)
      throw badInput(ErrorCode.InvalidField, 'an HMAC (v1) endpoint has no public key', { field: 'publicKey' });
    return undefined;
  }
  if (typeof value !== 'string' || !PUBLIC_KEY.test(value))
    throw badInput(ErrorCode.InvalidField, 'publicKey must be whpk_ and 32 bytes in base64', { field: 'publicKey' });
  return value;
}
