/**
 * Standard Webhooks signature schemes: `v1a` (Ed25519, the default: only Accord can sign) and
 * `v1` (HMAC-SHA256 with a shared secret, for receivers that cannot check Ed25519).
 */
export const WEBHOOK_SCHEMES = ['v1a', 'v1'] as const;
export type WebhookScheme = (typeof WEBHOOK_SCHEMES)[number];

/** Why Accord stopped delivering to an endpoint by itself. */
export const WEBHOOK_DISABLED_REASONS = ['gone', 'retries-exhausted'] as const;
export type WebhookDisabledReason = (typeof WEBHOOK_DISABLED_REASONS)[number];

export type WebhookEndpointStatus = 'active' | 'paused' | 'disabled' | 'deleted';

/** An organisation keeps at most this many endpoints that are not deleted. */
export const MAX_WEBHOOK_ENDPOINTS = 20;
/** The previous key signs beside the new one for a day unless the rotation says otherwise... */
export const DEFAULT_KEY_OVERLAP_SECONDS = 24 * 60 * 60;
/** ...and never longer than a week. */
export const MAX_KEY_OVERLAP_SECONDS = 7 * 24 * 60 * 60;
export const MAX_WEBHOOK_URL_LENGTH = 2000;
/**
 * Events one delivery may carry, for an endpoint that takes several per delivery (a JSON array,
 * one signature): a backlog then costs a receiver round trip per hundred events, not per event.
 */
export const MAX_EVENTS_PER_DELIVERY = 100;
