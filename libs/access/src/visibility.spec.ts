import { Principal } from './principal';
import {
  callerAsLedgerSays,
  changesStandingOf,
  hasNeedToKnow,
  isPublished,
  maySee,
  maySeeLazily,
  maySeeReportsOf,
  seesEverything,
  viewerScope,
  visibleSql,
} from './visibility';
import { AUDIENCES, EXPECTED, NEED_TO_KNOW, PUBLICATIONS, VIEWERS } from './visibility.test-fixtures';

describe('the visibility policy', () => {
  it('lets auditors and platform admins see everything, and nobody else', () => {
    expect(Object.entries(VIEWERS).filter(([, v]) => seesEverything(v))).toEqual([
      ['auditor', VIEWERS.auditor],
      ['admin', VIEWERS.admin],
    ]);
  });

  it.each(Object.keys(VIEWERS) as (keyof typeof VIEWERS)[])(
    'shows %s exactly the records whose audience holds their organisation',
    async (name) => {
      for (const [audience, parties] of Object.entries(AUDIENCES)) {
        expect([audience, maySee(VIEWERS[name], parties)]).toEqual([audience, EXPECTED[name][audience]]);
        expect([audience, await maySeeLazily(VIEWERS[name], async () => parties)]).toEqual([
          audience,
          EXPECTED[name][audience],
        ]);
      }
    },
  );

  it.each(Object.keys(VIEWERS) as (keyof typeof VIEWERS)[])(
    'lets %s read exempt values only of records of their own organisation, never by seeing everything',
    (name) => {
      for (const [audience, parties] of Object.entries(AUDIENCES))
        expect([audience, hasNeedToKnow(VIEWERS[name], parties)]).toEqual([audience, NEED_TO_KNOW[name][audience]]);
    },
  );

  it('withholds exempt values from an anonymous reader and from a party member reading as an auditor', () => {
    expect(hasNeedToKnow(null, AUDIENCES.partnership)).toBe(false);
    expect(hasNeedToKnow(undefined, AUDIENCES.partnership)).toBe(false);
    expect(hasNeedToKnow({ orgId: '', roles: [] }, [''])).toBe(false);
    expect(hasNeedToKnow({ orgId: 'camden', roles: ['member', 'auditor'] }, AUDIENCES.partnership)).toBe(false);
  });

  it('publishes the register of a partnership under council procedure only, and a decision only once opened', () => {
    expect(PUBLICATIONS.map(([facts]) => isPublished(facts))).toEqual(
      PUBLICATIONS.map(([, , , published]) => published),
    );
  });

  it('looks the audience up only when the roles leave the answer open', async () => {
    const lookups: string[] = [];
    const audience = (who: string) => () => {
      lookups.push(who);
      return AUDIENCES.partnership;
    };
    await maySeeLazily(VIEWERS.auditor, audience('auditor'));
    await maySeeLazily(VIEWERS.admin, audience('admin'));
    await maySeeLazily(VIEWERS.member, audience('member'));
    expect(lookups).toEqual(['member']);
  });

  it('answers at once when the audience is known, and waits only for one still to be read', async () => {
    expect(maySeeLazily(VIEWERS.member, () => AUDIENCES.partnership)).toBe(EXPECTED.member.partnership);
    const pending = maySeeLazily(VIEWERS.member, async () => AUDIENCES.partnership);
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toBe(EXPECTED.member.partnership);
  });

  it('carries the viewer to SQL as one parameter, and renders the rule around the owner’s audience test', () => {
    expect(viewerScope(VIEWERS.member)).toBe('camden');
    expect(viewerScope(VIEWERS.auditor)).toBeNull();
    expect(viewerScope(VIEWERS.admin)).toBeNull();
    expect(visibleSql('$4', (org) => `parties @> ARRAY[${org}]::text[]`)).toBe(
      '($4::text IS NULL OR parties @> ARRAY[$4]::text[])',
    );
  });

  it('shows an organisation’s accountability report to its governance readers, auditors and admins only', () => {
    expect(maySeeReportsOf(VIEWERS.governance, 'camden')).toBe(true);
    expect(maySeeReportsOf(VIEWERS.governance, 'peabody')).toBe(false);
    expect(maySeeReportsOf(VIEWERS.member, 'camden')).toBe(false);
    expect(maySeeReportsOf(VIEWERS.orgAdmin, 'camden')).toBe(false);
    expect(maySeeReportsOf(VIEWERS.auditor, 'peabody')).toBe(true);
    expect(maySeeReportsOf(VIEWERS.admin, 'peabody')).toBe(true);
  });

  describe('the caller as the ledger has them', () => {
    const claims: Principal = {
      personId: 'k.temp',
      orgId: 'camden',
      roles: ['admin', 'member', 'auditor', 'governance'],
    };

    it('refuses a person the ledger shows removed, whatever their token says', () => {
      expect(callerAsLedgerSays(claims, { kind: 'removed' })).toBeNull();
    });

    it('narrows a current member to the roles the ledger grants (member and the platform’s admin are not its to grant)', () => {
      expect(callerAsLedgerSays(claims, { kind: 'member', granted: ['governance', 'clerk'] })).toEqual({
        ...claims,
        roles: ['admin', 'member', 'governance'],
      });
      const asked = { ...claims, roles: ['member'] } satisfies Principal;
      expect(callerAsLedgerSays(asked, { kind: 'member', granted: ['auditor'] })).toBe(asked);
      const auditor = { ...claims, roles: ['auditor'] } satisfies Principal;
      expect(seesEverything(callerAsLedgerSays(auditor, { kind: 'member', granted: [] })!)).toBe(false);
    });

    it('grants someone an organisation of the ledger never listed none of its roles, whatever their token says', () => {
      expect(callerAsLedgerSays(claims, { kind: 'unlisted' })).toEqual({ ...claims, roles: ['admin', 'member'] });
      const firstAdmin = { ...claims, roles: ['org-admin'] } satisfies Principal;
      expect(callerAsLedgerSays(firstAdmin, { kind: 'unlisted' })!.roles).toEqual([]);
    });

    it('takes the token’s word in an organisation the ledger does not hold (the platform’s own people)', () => {
      expect(callerAsLedgerSays(claims, { kind: 'outside' })).toBe(claims);
    });

    it('names the events that change a person’s standing: their own removal or revoked role only', () => {
      const of = (type: string, data: unknown) => changesStandingOf(claims, { type, data });
      expect(of('MemberRemoved', { organisationId: 'camden', personId: 'k.temp' })).toBe(true);
      expect(of('RoleRevoked', { organisationId: 'camden', personId: 'k.temp', role: 'auditor' })).toBe(true);
      expect(of('MemberRemoved', { organisationId: 'peabody', personId: 'k.temp' })).toBe(false);
      expect(of('MemberRemoved', { organisationId: 'camden', personId: 'j.patel' })).toBe(false);
      expect(of('MemberAdded', { organisationId: 'camden', personId: 'k.temp' })).toBe(false);
      expect(of('RoleGranted', { organisationId: 'camden', personId: 'k.temp', role: 'clerk' })).toBe(false);
      expect(of('MemberRemoved', null)).toBe(false);
    });
  });
});
