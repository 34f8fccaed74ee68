import { Field, ID, InterfaceType } from 'type-graphql';

/** Relay's Node: every record a client can refetch by its opaque id through `node(id:)`. */
@InterfaceType('Node')
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global id.' }) id: string;
}
