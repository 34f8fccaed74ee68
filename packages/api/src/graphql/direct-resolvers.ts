import { getNamedType, isLeafType, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { fieldResolverCoordinates, fieldResolvers } from './resolver-spans';

type Method = (...params: unknown[]) => unknown;
type Class = abstract new (...args: never[]) => unknown;

/**
 * type-graphql hands every resolver that takes an @Arg its arguments through an async check (its validateArg is an
 * async function, even for an Int that nothing validates), so such a field always answers with a promise, and so
 * then do the objects and lists above it: a strategy page whose 100 conversations each ask recentSessions(limit: 3)
 * settled hundreds of promises for values already in hand.
 *
 * For the @FieldResolver methods whose parameters are only the root (already of the method's type), the context, the
 * info, and arguments of leaf types (scalars, enums, lists of them: type-graphql passes those through unchanged and
 * class-validator never looks at them), with no middleware and no roles, the field's resolver calls the method with
 * the same values itself, so what the method returns is returned as it is. Every other resolver stays type-graphql's.
 * Returns the fields so resolved (`Type.field`).
 */
export function resolveFieldsDirectly(schema: GraphQLSchema): string[] {
  const instances = new Map<unknown, Record<string, Method>>();
  const direct: string[] = [];
  for (const { meta, typeName } of fieldResolvers()) {
    if (meta.kind !== 'external' || meta.middlewares?.length || meta.roles) continue;
    const type = schema.getType(typeName);
    if (!isObjectType(type)) continue;
    const field = type.getFields()[meta.schemaName];
    const original = field?.resolve;
    if (!field || !original) continue;
    const leafArgs = new Set(field.args.filter((a) => isLeafType(getNamedType(a.type))).map((a) => a.name));
    const params = [...(meta.params ?? [])].sort((a, b) => a.index - b.index);
    const plain = params.every(
      (p) =>
        p.kind === 'context' ||
        p.kind === 'info' ||
        (p.kind === 'root' && !p.propertyName) ||
        (p.kind === 'arg' && leafArgs.has(p.name) && !p.validateFn && p.validateSettings === undefined),
    );
    if (!plain) continue;
    let instance = instances.get(meta.target);
    if (!instance) instances.set(meta.target, (instance = new (meta.target as new () => Record<string, Method>)()));
    const method = instance[meta.methodName];
    const self = instance;
    // The method's own root type, when it names a class: a root of another shape goes through type-graphql's resolver.
    const rootTypes = params.map((p) => {
      if (p.kind !== 'root' || !p.getType) return null;
      const t = p.getType();
      return typeof t === 'function' ? (t as Class) : null;
    });
    const resolve: GraphQLFieldResolver<unknown, unknown> = (root, args, ctx, info) => {
      const values: unknown[] = new Array(params.length);
      for (let i = 0; i < params.length; i++) {
        const p = params[i];
        if (p.kind === 'root') {
          const rootType = rootTypes[i];
          if (rootType && !(root instanceof rootType)) return original(root, args, ctx, info);
          values[i] = root;
        } else if (p.kind === 'context') {
          values[i] = p.propertyName ? (ctx as Record<string, unknown>)[p.propertyName] : ctx;
        } else if (p.kind === 'info') {
          values[i] = info;
        } else if (p.kind === 'arg') {
          values[i] = (args as Record<string, unknown>)[p.name];
        }
      }
      return method.apply(self, values);
    };
    field.resolve = resolve;
    direct.push(`${type.name}.${field.name}`);
  }
  return direct;
}

/**
 * type-graphql gives every plain property field (`@Field() title`) a resolver of its own that reads
 * `root[property]` through its middleware chain, even when the chain is empty. To graphql-jit a field with a
 * resolver is a call: each ActionItem.status on a strategy page built a resolve info, an 11-link response path,
 * three closures and an arguments object, about a kilobyte of garbage per scalar (1.6 KB per action item of three
 * scalars). A field without one is read as a property, which is all type-graphql's did.
 *
 * For each field of a record type (one that implements Node: the rows of every list) whose metadata is a plain
 * property (no @FieldResolver, no middleware: no guard, no roles) read under its own name, the resolver is removed,
 * as type-graphql's own `simpleResolvers` option would; decided field by field from the metadata, so a guarded field
 * keeps its guard. Only record types: graphql-jit reads a field without a resolver as it is, where a resolver's
 * promise would be awaited, and the records are built whole before they are returned, where other objects may hold
 * a value still coming (a connection's lazy `totalCount`). `globalMiddlewares` is the list given to buildSchema: with
 * any, every field keeps its resolver (they must run for each). Returns the fields so read.
 */
export function readPropertiesPlainly(schema: GraphQLSchema, globalMiddlewares: readonly unknown[]): string[] {
  if (globalMiddlewares.length) return [];
  const storage = getMetadataStorage();
  const resolved = fieldResolverCoordinates();
  const plain: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || !type.getInterfaces().some((i) => i.name === 'Node')) continue;
    const metas = storage.objectTypes.filter((t) => t.name === type.name);
    if (metas.length !== 1) continue;
    const [meta] = metas;
    const interfaces = storage.interfaceTypes.filter((i) => meta.interfaceClasses?.includes(i.target));
    // Later declarations win, as in type-graphql's schema: the type's own fields over its interfaces'.
    const declared = [...interfaces.flatMap((i) => i.fields ?? []), ...(meta.fields ?? [])];
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      if (!field.resolve || resolved.has(coordinate)) continue;
      const property = declared.filter((f) => f.schemaName === field.name).at(-1);
      if (!property || property.name !== property.schemaName || property.params?.length) continue;
      if (property.middlewares?.length || property.roles) continue;
      field.resolve = undefined;
      plain.push(coordinate);
    }
  }
  return plain;
}
