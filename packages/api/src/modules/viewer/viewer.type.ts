import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Permission } from '@throughline/shared';

registerEnumType(Permission, { name: 'Permission' });

export enum ViewerKind {
  STAFF = 'STAFF',
  PLATFORM_OPERATOR = 'PLATFORM_OPERATOR',
}
registerEnumType(ViewerKind, { name: 'ViewerKind' });

@ObjectType({ description: 'How far one permission reaches for you, merged over all your role assignments.' })
export class EffectivePermission {
  @Field(() => Permission) permission: Permission;
  @Field(() => Boolean, { description: 'Reaches the whole district.' }) districtWide: boolean;
  @Field(() => [ID], { description: 'Otherwise, the schools it reaches.' }) schoolIds: string[];
  @Field(() => Boolean, { description: 'Reaches your own records.' }) own: boolean;
}

@ObjectType()
export class PlatformOperator {
  @Field(() => ID) id: string;
  @Field(() => String) email: string;
  @Field(() => String) displayName: string;
}

/** The signed-in caller. Its fields resolve from the request's principal. */
@ObjectType({ description: 'You: who you are, your role assignments and what they let you do.' })
export class Viewer {
  @Field(() => ViewerKind) kind: ViewerKind;
}
