import {
  API_SCOPES,
  ApiScope,
  parseScopeParameter,
  Permission,
  PERMISSIONS,
  ROLE_PERMISSIONS,
  Role,
  SCOPE_PERMISSIONS,
  scopePermissions,
  scopesGranting,
} from '..';

describe('the API scopes', () => {
  it('name only permissions of the vocabulary, and only ones a district admin holds', () => {
    for (const scope of API_SCOPES) {
      for (const p of SCOPE_PERMISSIONS[scope]) {
        expect(PERMISSIONS).toContain(p);
        expect({ scope, p, admin: Boolean(ROLE_PERMISSIONS[Role.DISTRICT_ADMIN][p]) }).toEqual({
          scope,
          p,
          admin: true,
        });
      }
    }
  });

  it('never grant what only a person may do', () => {
    for (const p of [
      Permission.SESSION_RATE,
      Permission.REFLECTION_WRITE,
      Permission.AUDIT_READ,
      Permission.API_CLIENT_MANAGE,
      Permission.DISTRICT_PROVISION,
      Permission.DISTRICT_SETTINGS_MANAGE,
    ]) {
      expect({ p, scopes: scopesGranting(p) }).toEqual({ p, scopes: [] });
    }
  });

  it('read scopes grant no write', () => {
    for (const scope of API_SCOPES.filter((s) => s.endsWith(':read'))) {
      expect(SCOPE_PERMISSIONS[scope].filter((p) => !p.endsWith('_READ'))).toEqual([]);
    }
  });

  it('grant district-wide permissions, merged over the scopes', () => {
    const perms = scopePermissions([ApiScope.ANALYTICS_READ, ApiScope.ORGANIZATION_READ]);
    expect(perms.map((p) => p.permission)).toEqual([
      Permission.DISTRICT_READ,
      Permission.SCHOOL_READ,
      Permission.STAFF_READ,
      Permission.ROLE_ASSIGNMENT_READ,
      Permission.LIBRARY_READ,
      Permission.ANALYTICS_READ,
    ]);
    expect(perms.every((p) => p.districtWide && p.schoolIds.length === 0 && !p.own)).toBe(true);
    expect(scopesGranting(Permission.SESSION_LOG)).toEqual([ApiScope.SESSIONS_WRITE]);
  });

  it('parse the OAuth scope parameter: space-delimited, known names only', () => {
    expect(parseScopeParameter('roster:write  analytics:read analytics:read')).toEqual([
      ApiScope.ANALYTICS_READ,
      ApiScope.ROSTER_WRITE,
    ]);
    expect(parseScopeParameter('analytics:read admin')).toBeNull();
    expect(parseScopeParameter('')).toEqual([]);
  });
});
