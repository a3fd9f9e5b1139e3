import { ApiHarness, Caller, HttpResult } from './api-harness';

/**
 * The smallest ledger most access and input suites need, made over HTTP: Camden Council and
 * Peabody, each with its org-admin (granted by the platform admin) and a signatory (governance and
 * land-disposal authority), the active partnership
 * `camden-homes` with both signatories on its board, and the open decision `station-road`.
 */
export const SMALL_LEDGER = {
  admin: { personId: 'ada.admin', orgId: 'platform', roles: ['admin'] } satisfies Caller,
  camdenAdmin: { personId: 'c.admin', orgId: 'camden-council', roles: ['org-admin'] } satisfies Caller,
  peabodyAdmin: { personId: 'p.admin', orgId: 'peabody', roles: ['org-admin'] } satisfies Caller,
  patel: { personId: 'j.patel', orgId: 'camden-council', roles: ['member'] } satisfies Caller,
  reid: { personId: 's.reid', orgId: 'peabody', roles: ['member'] } satisfies Caller,
  partnershipId: 'camden-homes',
  decisionId: 'station-road',
};

/** Sends a request as `caller`; throws unless it succeeded. */
export async function asCaller(
  api: ApiHarness,
  caller: Caller,
  method: string,
  path: string,
  body?: unknown,
): Promise<HttpResult> {
  const res = await api.request(method, path, { token: await api.token(caller), body });
  if (res.status >= 300)
    throw new Error(`${method} ${path} as ${caller.personId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

/**
 * Registers an organisation as the platform does (DESIGN §7): the platform admin registers it, adds
 * `administrator` as its first member and grants them `org-admin`, so their token's org-admin is
 * the ledger's word too.
 */
export async function registerOrganisation(
  api: ApiHarness,
  organisation: { organisationId: string; name: string; kind: string },
  administrator?: Caller,
): Promise<void> {
  const { admin } = SMALL_LEDGER;
  await asCaller(api, admin, 'POST', '/v1/organisations', organisation);
  if (administrator !== undefined) await addMember(api, admin, administrator, { role: 'org-admin' });
}

/** Camden Council and Peabody, each with its org-admin: the small ledger's two parties. */
export async function registerCamdenAndPeabody(api: ApiHarness): Promise<void> {
  const { camdenAdmin, peabodyAdmin } = SMALL_LEDGER;
  await registerOrganisation(
    api,
    { organisationId: 'camden-council', name: 'Camden Council', kind: 'local-authority' },
    camdenAdmin,
  );
  await registerOrganisation(
    api,
    { organisationId: 'peabody', name: 'Peabody', kind: 'housing-association' },
    peabodyAdmin,
  );
}

/** The external audit's auditor: registered by {@link registerExternalAuditor}, not by the small ledger. */
export const EXTERNAL_AUDITOR = {
  personId: 'e.auditor',
  orgId: 'external-audit',
  roles: ['member', 'auditor'],
} satisfies Caller;

/**
 * The external audit (kind `other`) and its one member, whom the platform admin grants `auditor`,
 * as the demo does: an auditor signs in locally only as a member the ledger grants the role.
 */
export async function registerExternalAuditor(api: ApiHarness): Promise<void> {
  await registerOrganisation(api, { organisationId: EXTERNAL_AUDITOR.orgId, name: 'External audit', kind: 'other' });
  await addMember(api, SMALL_LEDGER.admin, EXTERNAL_AUDITOR, { role: 'auditor' });
}

/** An officer of a council outside every partnership of the suites: "Not found" wherever they look. */
export const ISLINGTON_OUTSIDER: Caller = { personId: 'o.stone', orgId: 'islington', roles: ['member'] };

export async function addIslingtonOutsider(api: ApiHarness): Promise<void> {
  await registerOrganisation(api, { organisationId: 'islington', name: 'Islington Council', kind: 'local-authority' });
  await addMember(api, SMALL_LEDGER.admin, ISLINGTON_OUTSIDER, { jobTitle: 'Officer' });
}

/** `by` adds `person` to their organisation (with `jobTitle`) and grants them `role`, when given. */
export async function addMember(
  api: ApiHarness,
  by: Caller,
  person: Caller,
  { jobTitle, role }: { jobTitle?: string; role?: string } = {},
): Promise<void> {
  const organisation = `/v1/organisations/${person.orgId}`;
  await asCaller(api, by, 'POST', `${organisation}/members`, { personId: person.personId, jobTitle });
  if (role !== undefined) await asCaller(api, by, 'POST', `${organisation}/roles`, { personId: person.personId, role });
}

/** `terms`: agreed by Patel before anyone joins (e.g. a retention rule); none by default. */
export async function seedSmallLedger(api: ApiHarness, terms?: Record<string, unknown>): Promise<void> {
  const { camdenAdmin, peabodyAdmin, patel, reid } = SMALL_LEDGER;
  const ok = (caller: Caller, method: string, path: string, body?: unknown) =>
    asCaller(api, caller, method, path, body);
  await registerCamdenAndPeabody(api);
  for (const [by, person] of [
    [camdenAdmin, patel],
    [peabodyAdmin, reid],
  ]) {
    await ok(by, 'POST', `/v1/organisations/${person.orgId}/members`, {
      personId: person.personId,
      jobTitle: 'Director of Housing',
    });
    await ok(by, 'POST', `/v1/organisations/${person.orgId}/authorities`, {
      personId: person.personId,
      categories: ['land-disposal', 'governance'],
      valueLimitPence: 1_000_000_000,
      instrument: `Scheme of delegation 2026 (${person.orgId})`,
      validFrom: '2026-01-01T00:00:00Z',
    });
  }
  await ok(patel, 'POST', '/v1/partnerships', {
    partnershipId: SMALL_LEDGER.partnershipId,
    title: 'Camden Homes Partnership',
    purpose: 'Affordable homes on council land',
    parties: ['camden-council', 'peabody'],
  });
  if (terms)
    await ok(patel, 'POST', `/v1/partnerships/${SMALL_LEDGER.partnershipId}/terms`, {
      version: 1,
      approvalRule: 'board-majority',
      quorum: 1,
      textSha256: 'a'.repeat(64),
      ...terms,
    });
  for (const person of [patel, reid]) {
    await ok(person, 'POST', `/v1/partnerships/${SMALL_LEDGER.partnershipId}/join`, {});
    await ok(person, 'POST', `/v1/partnerships/${SMALL_LEDGER.partnershipId}/board`, { personId: person.personId });
  }
  await ok(patel, 'POST', `/v1/partnerships/${SMALL_LEDGER.partnershipId}/decisions`, {
    decisionId: SMALL_LEDGER.decisionId,
    title: 'Disposal of the Station Road site',
    motion: 'That the council disposes of the Station Road site to Peabody.',
    category: 'land-disposal',
    valuePence: 120_000_000,
  });
  await ok(patel, 'POST', `/v1/decisions/${SMALL_LEDGER.decisionId}/open`, {
    closesAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
  });
}

/**
 * Beside the small ledger: `camden-regeneration`, a partnership of the same two parties under
 * council procedure (its terms name key decisions, so it keeps a public register), with Patel and
 * Reid on its board. `scrutinyChairPersonId` chairs its scrutiny.
 */
export async function seedCouncilPartnership(api: ApiHarness, scrutinyChairPersonId: string): Promise<void> {
  const { patel, reid } = SMALL_LEDGER;
  const partnershipId = 'camden-regeneration';
  await asCaller(api, patel, 'POST', '/v1/partnerships', {
    partnershipId,
    title: 'Camden Regeneration',
    purpose: 'Regenerate council estates',
    parties: ['camden-council', 'peabody'],
  });
  await asCaller(api, patel, 'POST', `/v1/partnerships/${partnershipId}/terms`, {
    version: 1,
    approvalRule: 'all-parties-sign-off',
    quorum: 2,
    textSha256: 'c'.repeat(64),
    keyDecisions: { thresholdPence: 50_000_000, categories: ['land-disposal'], scrutinyChairPersonId },
  });
  for (const person of [patel, reid]) {
    await asCaller(api, person, 'POST', `/v1/partnerships/${partnershipId}/join`, {});
    await asCaller(api, person, 'POST', `/v1/partnerships/${partnershipId}/board`, { personId: person.personId });
  }
}

/** The London date `days` from now (`YYYY-MM-DD`): council procedure's dates are London dates. */
export const londonDateIn = (days: number): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() + days * 86_400_000));

/** Patel's draft on `camden-regeneration` of a key decision (a land disposal): `gospel-oak-disposal`. */
export async function draftGospelOakDisposal(api: ApiHarness): Promise<void> {
  await asCaller(api, SMALL_LEDGER.patel, 'POST', '/v1/partnerships/camden-regeneration/decisions', {
    decisionId: 'gospel-oak-disposal',
    title: 'Disposal of the Gospel Oak depot',
    motion: 'That the council disposes of the Gospel Oak depot to Peabody.',
    category: 'land-disposal',
    valuePence: 30_000_000,
  });
}

/** That draft, put on the forward plan by Patel: expected five weeks from today, with its valuation report. */
export async function planGospelOakDisposal(api: ApiHarness): Promise<void> {
  await draftGospelOakDisposal(api);
  await asCaller(api, SMALL_LEDGER.patel, 'POST', '/v1/decisions/gospel-oak-disposal/forward-plan', {
    decisionMaker: 'Camden Regeneration board',
    expectedDate: londonDateIn(35),
    documents: ['Gospel Oak valuation report'],
  });
}

/** Sends one request as `caller` and throws unless it succeeded: `asCaller` bound to an API, or a suite's own. */
export type Write = (caller: Caller, method: string, path: string, body?: unknown) => Promise<HttpResult>;

/** Patel's governance decision `decisionId` on `camden-regeneration`, opened for a week. */
export async function openGovernanceDecision(write: Write, decisionId: string, title: string): Promise<void> {
  const { patel } = SMALL_LEDGER;
  await write(patel, 'POST', '/v1/partnerships/camden-regeneration/decisions', {
    decisionId,
    title,
    motion: `That the board adopts: ${title}.`,
    category: 'governance',
  });
  await write(patel, 'POST', `/v1/decisions/${decisionId}/open`, {
    closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  });
}

/** That decision, signed off by both parties: approved, with no outcome recorded yet. */
export async function approveGovernanceDecision(write: Write, decisionId: string, title: string): Promise<void> {
  await openGovernanceDecision(write, decisionId, title);
  for (const person of [SMALL_LEDGER.patel, SMALL_LEDGER.reid])
    await write(person, 'POST', `/v1/decisions/${decisionId}/sign-offs`, {});
}

/** The outcome Patel records for a decision approved by {@link approveGovernanceDecision}. */
export const governanceOutcome = (title: string) => ({
  statement: `${title}: adopted`,
  reasons: ['The board needs clear rules'],
  alternativesRejected: ['Each party’s own rules'],
});

/**
 * That decision approved, its outcome recorded and its notice published by Reid: its call-in
 * period runs.
 */
export async function approveWithNotice(write: Write, decisionId: string, title: string): Promise<void> {
  const { patel, reid } = SMALL_LEDGER;
  const path = `/v1/decisions/${decisionId}`;
  await approveGovernanceDecision(write, decisionId, title);
  await write(patel, 'POST', `${path}/outcome`, governanceOutcome(title));
  await write(reid, 'POST', `${path}/notice`, {});
}
