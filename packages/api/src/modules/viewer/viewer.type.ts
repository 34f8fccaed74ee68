import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Permission, type EffectivePermission as Grant } from '@throughline/shared';
import { toGlobalId } from '../../graphql/global-id';
import type { Principal } from '../../auth/principal';
import type { PlatformOperatorEntity } from '../auth/platform-operator.entity';

registerEnumType(Permission, { name: 'Permission' });

export enum ViewerKind {
  STAFF = 'STAFF',
  PLATFORM_OPERATOR = 'PLATFORM_OPERATOR',
  /** An integrator's API client: no staff record; permissions from its token's scopes. */
  API_CLIENT = 'API_CLIENT',
}
registerEnumType(ViewerKind, { name: 'ViewerKind' });

@ObjectType({ description: 'How far one permission reaches for you, merged over all your role assignments.' })
export class EffectivePermission {
  @Field(() => Permission) permission: Permission;
  @Field(() => Boolean, { description: 'Reaches the whole district.' }) districtWide: boolean;
  @Field(() => [ID], { description: 'Otherwise, the schools it reaches.' }) schoolIds: string[];
  @Field(() => Boolean, { description: 'Reaches your own records.' }) own: boolean;

  /** A grant as the client sees it: its schools by global id. */
  static from(grant: Grant): EffectivePermission {
    return { ...grant, schoolIds: grant.schoolIds.map((id) => toGlobalId('School', id)) } as EffectivePermission;
  }
}

@ObjectType()
export class PlatformOperator {
  @Field(() => ID) id: string;
  @Field(() => String) email: string;
  @Field(() => String) displayName: string;

  static from(e: PlatformOperatorEntity): PlatformOperator {
    return { id: toGlobalId('PlatformOperator', e.id), email: e.email, displayName: e.displayName };
  }
}

/** The signed-in caller. Its fields resolve from the request's principal. */
@ObjectType({ description: 'You: who you are, your role assignments and what they let you do.' })
export class Viewer {
  @Field(() => ViewerKind) kind: ViewerKind;

  /** The viewer of a principal: a platform operator, an API client, or else staff. */
  static of(principal: Principal | null): Viewer {
    return Object.assign(new Viewer(), {
      kind:
        principal?.kind === 'operator'
          ? ViewerKind.PLATFORM_OPERATOR
          : principal?.kind === 'client'
            ? ViewerKind.API_CLIENT
            : ViewerKind.STAFF,
    });
  }
}
