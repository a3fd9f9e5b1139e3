import {
  belongsToOrg,
  createPrincipal,
  hasRole,
  isOrgAdminOf,
  isPlatformAdmin,
  isRole,
  normaliseRoles,
  ROLES,
  satisfiesRoles,
  type Principal,
} from './principal';

const member: Principal = { personId: 'p-1', orgId: 'org-a', roles: ['member'] };
const admin: Principal = { personId: 'p-0', orgId: 'org-x', roles: ['admin'] };
const orgAdmin: Principal = { personId: 'p-2', orgId: 'org-a', roles: ['org-admin', 'member'] };

describe('principal helpers', () => {
  it('knows exactly the five roles of DESIGN §7', () => {
    expect([...ROLES]).toEqual(['admin', 'org-admin', 'member', 'auditor', 'governance', 'clerk', 'scrutiny']);
    expect(ROLES.every(isRole)).toBe(true);
    expect(['Admin', 'root', '', 1, null, undefined].some(isRole)).toBe(false);
  });

  it('normaliseRoles drops unknowns and duplicates and sorts in ROLES order', () => {
    expect(normaliseRoles(['member', 'superuser', 'admin', 'member', 42])).toEqual(['admin', 'member']);
    expect(normaliseRoles([])).toEqual([]);
  });

  it('hasRole is exact: admin does not imply other roles', () => {
    expect(hasRole(member, 'member')).toBe(true);
    expect(hasRole(member, 'auditor')).toBe(false);
    expect(hasRole(admin, 'auditor')).toBe(false);
    expect(isPlatformAdmin(admin)).toBe(true);
    expect(isPlatformAdmin(orgAdmin)).toBe(false);
  });

  it('satisfiesRoles: any listed role, admin passes everything, nothing required passes', () => {
    expect(satisfiesRoles(member, ['auditor', 'member'])).toBe(true);
    expect(satisfiesRoles(member, ['auditor', 'governance'])).toBe(false);
    expect(satisfiesRoles(admin, ['auditor'])).toBe(true);
    expect(satisfiesRoles({ ...member, roles: [] }, [])).toBe(true);
    expect(satisfiesRoles({ ...member, roles: [] }, ['member'])).toBe(false);
  });

  it('organisation tests', () => {
    expect(belongsToOrg(member, 'org-a')).toBe(true);
    expect(belongsToOrg(member, 'org-b')).toBe(false);
    expect(isOrgAdminOf(orgAdmin, 'org-a')).toBe(true);
    expect(isOrgAdminOf(orgAdmin, 'org-b')).toBe(false);
    expect(isOrgAdminOf(member, 'org-a')).toBe(false);
    expect(isOrgAdminOf(admin, 'org-x')).toBe(false);
  });

  it('createPrincipal validates and freezes', () => {
    const p = createPrincipal({ personId: 'p', orgId: 'o', roles: ['member', 'admin', 'member'] });
    expect(p).toEqual({ personId: 'p', orgId: 'o', roles: ['admin', 'member'] });
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.roles)).toBe(true);
    expect(() => createPrincipal({ personId: '', orgId: 'o', roles: [] })).toThrow(TypeError);
    expect(() => createPrincipal({ personId: 'p', orgId: '', roles: [] })).toThrow(TypeError);
    expect(() => createPrincipal({ personId: 'p', orgId: 'o', roles: ['root' as never] })).toThrow(/unknown role/);
  });
});
