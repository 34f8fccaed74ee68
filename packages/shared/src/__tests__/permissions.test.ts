import { effectivePermissions, Permission, ROLE_PERMISSIONS, Role, PERMISSIONS } from '..';

describe('the permission matrix', () => {
  it('only district admins manage schools, staff and role assignments, or read the audit log', () => {
    const managers = (p: Permission) => (Object.keys(ROLE_PERMISSIONS) as Role[]).filter((r) => ROLE_PERMISSIONS[r][p]);
    for (const p of [
      Permission.SCHOOL_MANAGE,
      Permission.STAFF_MANAGE,
      Permission.ROLE_ASSIGNMENT_MANAGE,
      Permission.AUDIT_READ,
    ]) {
      expect({ p, roles: managers(p) }).toEqual({ p, roles: [Role.DISTRICT_ADMIN] });
    }
  });

  it('names only permissions of the vocabulary', () => {
    for (const grants of Object.values(ROLE_PERMISSIONS)) {
      for (const p of Object.keys(grants)) expect(PERMISSIONS).toContain(p);
    }
  });

  it('a school leader of two schools reads staff of both, and nothing district-wide', () => {
    const perms = effectivePermissions([
      { role: Role.SCHOOL_LEADER, scope: 'SCHOOL', schoolId: 'b' },
      { role: Role.SCHOOL_LEADER, scope: 'SCHOOL', schoolId: 'a' },
    ]);
    expect(perms.find((p) => p.permission === Permission.STAFF_READ)).toEqual({
      permission: Permission.STAFF_READ,
      districtWide: false,
      schoolIds: ['a', 'b'],
      own: true,
    });
    expect(perms.find((p) => p.permission === Permission.STAFF_MANAGE)).toBeUndefined();
  });

  it('a teacher reaches only their own staff record', () => {
    const staffRead = effectivePermissions([{ role: Role.TEACHER, scope: 'SCHOOL', schoolId: 's1' }]).find(
      (p) => p.permission === Permission.STAFF_READ,
    );
    expect(staffRead).toEqual({ permission: Permission.STAFF_READ, districtWide: false, schoolIds: [], own: true });
  });

  it('a district-wide grant absorbs school-scoped ones of the same permission', () => {
    const perms = effectivePermissions([
      { role: Role.COACH, scope: 'SCHOOL', schoolId: 's1' },
      { role: Role.DISTRICT_ADMIN, scope: 'DISTRICT', schoolId: null },
    ]);
    expect(perms.find((p) => p.permission === Permission.SCHOOL_READ)).toMatchObject({
      districtWide: true,
      schoolIds: [],
    });
  });
});
