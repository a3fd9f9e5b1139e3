import { hasRole, personRef } from '../shared/actor';
import { badInput, ErrorCode, forbidden, rule } from '../shared/errors';
import { requireId, requireText } from '../shared/validation';
import type { RegisterWitness, RetireWitness } from './organisation.commands';
import type { OrganisationEvent } from './organisation.events';
import type { OrganisationState } from './organisation.state';
import { requireRegistered } from './organisation-rules';

/**
 * A witness guards the parties against the host, so only the party's own org-admin names it:
 * the platform admin (the host) choosing a party's witness would defeat the point.
 */
function requireWitnessOrgAdmin(c: RegisterWitness | RetireWitness, organisationId: string): void {
  if (!(hasRole(c.actor, 'org-admin') && c.actor.orgId === organisationId))
    throw forbidden(ErrorCode.NotWitnessOrgAdmin, `only an org-admin of ${organisationId} names its witness`, {
      organisationId,
    });
}

// C2SP signed-note vkey: <name>+<hex key ID>+base64(type byte || key); cosignature/v1 is type 0x04, Ed25519 32 bytes.
const VKEY = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]{44})$/;

/**
 * The vkey's shape and key type, checked without cryptography (the domain is pure); the key ID is
 * checked against the key by whoever verifies cosignatures with it.
 */
export function isWitnessVkeyShaped(vkey: string): { name: string } | undefined {
  const m = VKEY.exec(vkey);
  if (!m) return undefined;
  const bytes = atob(m[3] as string);
  return bytes.length === 33 && bytes.charCodeAt(0) === 0x04 ? { name: m[1] as string } : undefined;
}

function requireWitnessUrl(value: unknown): string {
  const url = requireText('url', value);
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (
    !parsed ||
    !['http:', 'https:'].includes(parsed.protocol) ||
    parsed.username !== '' ||
    parsed.password !== '' ||
    parsed.search !== '' ||
    parsed.hash !== '' ||
    url.length > 2000
  )
    throw badInput(ErrorCode.InvalidField, 'url must be an http(s) URL without credentials, query or fragment', {
      field: 'url',
    });
  return url;
}

export function registerWitness(c: RegisterWitness, state: OrganisationState): OrganisationEvent[] {
  const organisationId = requireId('organisationId', c.organisationId);
  const name = requireText('name', c.name);
  const vkey = requireText('vkey', c.vkey);
  const url = requireWitnessUrl(c.url);
  const shaped = isWitnessVkeyShaped(vkey);
  if (!shaped)
    throw badInput(ErrorCode.InvalidField, 'vkey must be a cosignature/v1 (type 0x04) Ed25519 verifier key', {
      field: 'vkey',
    });
  if (shaped.name !== name)
    throw badInput(ErrorCode.InvalidField, `the vkey names the witness ${shaped.name}, not ${name}`, {
      field: 'name',
    });
  requireWitnessOrgAdmin(c, organisationId);
  requireRegistered(state, organisationId);
  if (state.witness)
    throw rule(
      ErrorCode.WitnessAlreadyRegistered,
      `${organisationId} already has the witness ${state.witness.name}; retire it first`,
      { organisationId, witness: state.witness.name },
    );
  return [{ type: 'WitnessRegistered', data: { organisationId, name, vkey, url, registeredBy: personRef(c.actor) } }];
}

export function retireWitness(c: RetireWitness, state: OrganisationState): OrganisationEvent[] {
  const organisationId = requireId('organisationId', c.organisationId);
  const reason = requireText('reason', c.reason);
  requireWitnessOrgAdmin(c, organisationId);
  requireRegistered(state, organisationId);
  const witness = state.witness;
  if (!witness)
    throw rule(ErrorCode.WitnessNotRegistered, `${organisationId} has no witness registered`, { organisationId });
  return [
    {
      type: 'WitnessRetired',
      data: { organisationId, name: witness.name, vkey: witness.vkey, reason, retiredBy: personRef(c.actor) },
    },
  ];
}
