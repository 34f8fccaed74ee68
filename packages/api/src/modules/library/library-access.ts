import { Permission } from '@throughline/shared';
import { requireGrant, requireMember } from '../../auth/guard';
import { ForbiddenError } from '../../graphql/errors';
import type { RequestContext } from '../../graphql/context';

/** The district whose libraries the caller reads (LIBRARY_READ reaches the whole district for every role). */
export function readerDistrict(ctx: RequestContext): string {
  const staff = requireMember(ctx);
  requireGrant(ctx, Permission.LIBRARY_READ);
  return staff.districtId;
}

/** The district the caller changes: libraries and settings are district-wide, so only a district-wide grant will do. */
export function managedDistrict(ctx: RequestContext, permission: Permission = Permission.LIBRARY_MANAGE): string {
  const staff = requireMember(ctx);
  if (!requireGrant(ctx, permission).districtWide) throw new ForbiddenError();
  return staff.districtId;
}
