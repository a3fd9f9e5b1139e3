import { actor, BEN, CAL, COUNCIL, councilHistory, T } from '../shared/fixtures';
import { specFor } from '../shared/testing';
import { decideWebhookEndpoint, disableWebhookEndpoint } from './decide-webhook-endpoint';
import type { OrganisationCommand } from './organisation.commands';
import type { OrganisationEvent, WebhookEndpointRegistered } from './organisation.events';
import { organisationAggregate } from './organisation.aggregate';
import { MAX_WEBHOOK_ENDPOINTS } from './webhook-vocabulary';

const spec = specFor<ReturnType<typeof organisationAggregate.evolve>, OrganisationCommand, OrganisationEvent, unknown>(
  organisationAggregate,
);

const orgAdmin = actor(CAL, 'member', 'org-admin');
const by = { personId: CAL.personId, orgId: COUNCIL };
const base = { actor: orgAdmin, now: T.now, organisationId: COUNCIL };
const PK = `whpk_${Buffer.alloc(32, 7).toString('base64')}`;
const PK2 = `whpk_${Buffer.alloc(32, 8).toString('base64')}`;
const URL_ = 'https://hooks.northborough.example/accord';

const registeredEndpoint = (endpointId = 'hook-1', extra: Partial<WebhookEndpointRegistered['data']> = {}) =>
  ({
    type: 'WebhookEndpointRegistered',
    data: {
      organisationId: COUNCIL,
      endpointId,
      url: URL_,
      eventTypes: [],
      partnershipIds: [],
      scheme: 'v1a',
      keyVersion: 1,
      publicKey: PK,
      registeredBy: by,
      ...extra,
    },
  }) as WebhookEndpointRegistered;

const register = (extra: Record<string, unknown> = {}) =>
  ({
    type: 'RegisterWebhookEndpoint',
    ...base,
    endpointId: 'hook-1',
    url: URL_,
    scheme: 'v1a',
    publicKey: PK,
    ...extra,
  }) as OrganisationCommand;

describe('webhook endpoints: register', () => {
  it('an org-admin registers an Ed25519 (v1a) endpoint; the ledger records its public key, never a secret', () => {
    const state = spec
      .given(councilHistory)
      .when(register({ eventTypes: ['VoteCast', 'DecisionApproved'], partnershipIds: ['north-riverside'] }))
      .then(
        registeredEndpoint('hook-1', {
          eventTypes: ['VoteCast', 'DecisionApproved'],
          partnershipIds: ['north-riverside'],
        }),
      );
    expect(state.webhookEndpoints['hook-1']).toMatchObject({ status: 'active', key: { keyVersion: 1, publicKey: PK } });
  });

  it('an HMAC (v1) endpoint records no key at all', () => {
    spec
      .given(councilHistory)
      .when(register({ scheme: 'v1', publicKey: undefined }))
      .then(registeredEndpoint('hook-1', { scheme: 'v1', publicKey: undefined }));
  });

  it('an endpoint may take up to 100 events per delivery; 1, the default, is not recorded', () => {
    const state = spec
      .given(councilHistory)
      .when(register({ maxEventsPerDelivery: 100 }))
      .then(registeredEndpoint('hook-1', { maxEventsPerDelivery: 100 }));
    expect(state.webhookEndpoints['hook-1']?.maxEventsPerDelivery).toBe(100);
    const single = spec
      .given(councilHistory)
      .when(register({ maxEventsPerDelivery: 1 }))
      .then(registeredEndpoint());
    expect(single.webhookEndpoints['hook-1']?.maxEventsPerDelivery).toBe(1);
  });

  it.each([0, 101, 2.5, '10'])('refuses %p events per delivery', (maxEventsPerDelivery) => {
    spec.given(councilHistory).when(register({ maxEventsPerDelivery })).thenRejects('invalid-field', 'bad-input');
  });

  it('a plain member, or an org-admin of another organisation, may not register one', () => {
    spec
      .given(councilHistory)
      .when(register({ actor: actor(BEN) }))
      .thenRejects('not-organisation-admin', 'forbidden');
    spec
      .given(councilHistory)
      .when(register({ actor: { personId: 'ash', orgId: 'riverside-homes', roles: ['org-admin'] } }))
      .thenRejects('not-organisation-admin', 'forbidden');
  });

  it.each([
    ['not a URL', 'hooks'],
    ['another scheme', 'ftp://hooks.example/x'],
    ['credentials', 'https://user:pw@hooks.example/x'],
    ['a fragment', 'https://hooks.example/x#frag'],
  ])('refuses a url with %s', (_why, url) => {
    spec.given(councilHistory).when(register({ url })).thenRejects('invalid-field', 'bad-input');
  });

  it('refuses an unknown or repeated event type, a v1a endpoint without a public key, a v1 endpoint with one', () => {
    spec
      .given(councilHistory)
      .when(register({ eventTypes: ['Nope'] }))
      .thenRejects('invalid-field');
    spec
      .given(councilHistory)
      .when(register({ eventTypes: ['VoteCast', 'VoteCast'] }))
      .thenRejects('invalid-field');
    spec
      .given(councilHistory)
      .when(register({ publicKey: 'whpk_short' }))
      .thenRejects('invalid-field');
    spec
      .given(councilHistory)
      .when(register({ scheme: 'v1' }))
      .thenRejects('invalid-field');
  });

  it('needs a registered organisation, a fresh id (deleted ids are not reused) and room', () => {
    spec.given().when(register()).thenRejects('organisation-not-found', 'not-found');
    spec
      .given(councilHistory, registeredEndpoint(), {
        type: 'WebhookEndpointDeleted',
        data: { organisationId: COUNCIL, endpointId: 'hook-1', deletedBy: by },
      })
      .when(register())
      .thenRejects('webhook-endpoint-already-exists', 'rule-violated');
    const full = Array.from({ length: MAX_WEBHOOK_ENDPOINTS }, (_, i) => registeredEndpoint(`h-${i}`));
    spec.given(councilHistory, full).when(register()).thenRejects('webhook-endpoint-limit-reached', 'rule-violated');
  });
});

describe('webhook endpoints: rotate, pause, resume, delete', () => {
  it('rotating makes a new key version; the previous one signs beside it for a day by default', () => {
    const state = spec
      .given(councilHistory, registeredEndpoint())
      .when({ type: 'RotateWebhookKey', ...base, endpointId: 'hook-1', keyVersion: 2, publicKey: PK2 })
      .then({
        type: 'WebhookKeyRotated',
        data: {
          organisationId: COUNCIL,
          endpointId: 'hook-1',
          keyVersion: 2,
          publicKey: PK2,
          previousKeyVersion: 1,
          previousKeyUntil: '2026-05-02T10:00:00.000Z',
          rotatedBy: by,
        },
      });
    expect(state.webhookEndpoints['hook-1']).toMatchObject({
      key: { keyVersion: 2, publicKey: PK2 },
      previousKey: { keyVersion: 1, publicKey: PK, until: '2026-05-02T10:00:00.000Z' },
    });
  });

  it('the overlap is bounded by a week', () => {
    spec
      .given(councilHistory, registeredEndpoint())
      .when({
        type: 'RotateWebhookKey',
        ...base,
        endpointId: 'hook-1',
        keyVersion: 2,
        publicKey: PK2,
        overlapSeconds: 8 * 86400,
      })
      .thenRejects('invalid-field', 'bad-input');
  });

  it('a rotation derived for a key version that another rotation already took is refused', () => {
    spec
      .given(councilHistory, registeredEndpoint())
      .when({ type: 'RotateWebhookKey', ...base, endpointId: 'hook-1', keyVersion: 3, publicKey: PK2 })
      .thenRejects('webhook-key-version-moved', 'rule-violated');
  });

  it('pause, then resume; pausing twice or resuming an active endpoint is refused', () => {
    const pause = { type: 'PauseWebhookEndpoint', ...base, endpointId: 'hook-1' } as const;
    const resume = { type: 'ResumeWebhookEndpoint', ...base, endpointId: 'hook-1' } as const;
    const paused = {
      type: 'WebhookEndpointPaused',
      data: { organisationId: COUNCIL, endpointId: 'hook-1', pausedBy: by },
    } as const;
    spec.given(councilHistory, registeredEndpoint()).when(pause).then(paused);
    spec.given(councilHistory, registeredEndpoint(), paused).when(pause).thenRejects('webhook-endpoint-not-active');
    spec
      .given(councilHistory, registeredEndpoint(), paused)
      .when(resume)
      .then({ type: 'WebhookEndpointResumed', data: { organisationId: COUNCIL, endpointId: 'hook-1', resumedBy: by } });
    spec.given(councilHistory, registeredEndpoint()).when(resume).thenRejects('webhook-endpoint-not-stopped');
  });

  it('a deleted endpoint takes no more commands; an unknown one is not found', () => {
    const del = { type: 'DeleteWebhookEndpoint', ...base, endpointId: 'hook-1' } as const;
    const deleted = spec
      .given(councilHistory, registeredEndpoint())
      .when(del)
      .then({ type: 'WebhookEndpointDeleted', data: { organisationId: COUNCIL, endpointId: 'hook-1', deletedBy: by } });
    expect(deleted.webhookEndpoints['hook-1']?.status).toBe('deleted');
    spec
      .given(councilHistory, registeredEndpoint(), {
        type: 'WebhookEndpointDeleted',
        data: { organisationId: COUNCIL, endpointId: 'hook-1', deletedBy: by },
      })
      .when(del)
      .thenRejects('webhook-endpoint-deleted', 'rule-violated');
    spec.given(councilHistory).when(del).thenRejects('webhook-endpoint-not-found', 'not-found');
  });

  it('a member of the organisation who is not its admin may not pause it', () => {
    spec
      .given(councilHistory, registeredEndpoint())
      .when({ type: 'PauseWebhookEndpoint', ...base, actor: actor(BEN), endpointId: 'hook-1' })
      .thenRejects('not-organisation-admin', 'forbidden');
  });
});

describe('webhook endpoints: disabled by the deliverer', () => {
  const history = [...councilHistory, registeredEndpoint()];
  const state = history.reduce(organisationAggregate.evolve, organisationAggregate.initialState);

  it('records why, once: a second call (a retry, another process) finds nothing to do', () => {
    const events = disableWebhookEndpoint(state, 'hook-1', 'gone', 'the receiver answered 410');
    expect(events).toEqual([
      {
        type: 'WebhookEndpointDisabled',
        data: { organisationId: COUNCIL, endpointId: 'hook-1', reason: 'gone', detail: 'the receiver answered 410' },
      },
    ]);
    const after = events.reduce(organisationAggregate.evolve, state);
    expect(after.webhookEndpoints['hook-1']).toMatchObject({
      status: 'disabled',
      disabled: { reason: 'gone', detail: 'the receiver answered 410' },
    });
    expect(disableWebhookEndpoint(after, 'hook-1', 'gone', 'again')).toEqual([]);
  });

  it('the org-admin resumes a disabled endpoint', () => {
    const disabled = disableWebhookEndpoint(state, 'hook-1', 'retries-exhausted', '10 attempts failed');
    const after = disabled.reduce(organisationAggregate.evolve, state);
    const resumed = decideWebhookEndpoint({ type: 'ResumeWebhookEndpoint', ...base, endpointId: 'hook-1' }, after);
    expect(resumed.map((e) => e.type)).toEqual(['WebhookEndpointResumed']);
    // Active again, with nothing left of why it had stopped.
    expect(resumed.reduce(organisationAggregate.evolve, after).webhookEndpoints['hook-1']).toEqual(
      state.webhookEndpoints['hook-1'],
    );
  });
});
