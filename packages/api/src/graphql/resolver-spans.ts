import {
  defaultFieldResolver,
  getNamedType,
  isLeafType,
  isObjectType,
  responsePathAsArray,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import type { Path } from 'graphql/jsutils/Path';
import { context, SpanStatusCode, trace, type Context } from '@opentelemetry/api';
import { getMetadataStorage } from 'type-graphql';

/**
 * Resolver spans, so a trace reads HTTP -> GraphQL operation -> resolver -> SQL (tracing.ts). Traced fields: every
 * root field (Query, Mutation), and every field with a resolver of its own (a type-graphql @FieldResolver) that
 * returns objects: those are the ones that load (through the request's loaders or SQL of their own). Properties and
 * computed scalars are not traced: one span per scalar of every row would bury the SQL.
 *
 * The resolver runs inside its span's context, so the statements it sends (and the loader batches it starts) are
 * the span's children. A field's span is the child of the span of the nearest traced field above it in the response
 * (conversations -> nodes.0 -> facilitator: under Query.conversations), found by path, as graphql-js resolves
 * children after the parent's promise settled, outside the parent's context. With tracing off there is no active
 * span and the resolver is called as it is.
 */
const tracer = trace.getTracer('throughline-graphql');

/** Per request (its GraphQL context object): the trace context of each traced field, by response path. */
const fieldContexts = new WeakMap<object, Map<string, Context>>();

function pathKey(path: Path | undefined): string {
  let key = '';
  for (let p = path; p; p = p.prev) key = `${p.key}${key ? `.${key}` : ''}`;
  return key;
}

export type FieldResolverMetadata = ReturnType<typeof getMetadataStorage>['fieldResolvers'][number];

/** Every type-graphql @FieldResolver, with the GraphQL name of the type it resolves a field of. */
export function fieldResolvers(): { meta: FieldResolverMetadata; typeName: string }[] {
  const storage = getMetadataStorage();
  const types = [...storage.objectTypes, ...storage.interfaceTypes];
  return storage.fieldResolvers.flatMap((meta) => {
    const target = meta.getObjectType?.();
    const type = types.find((t) => t.target === target);
    return type ? [{ meta, typeName: type.name }] : [];
  });
}

/** `Type.field` of every type-graphql @FieldResolver. */
export function fieldResolverCoordinates(): Set<string> {
  return new Set(fieldResolvers().map(({ meta, typeName }) => `${typeName}.${meta.schemaName}`));
}

/** Wraps the traced fields' resolvers in place; returns the coordinates wrapped (`Type.field`). */
export function traceResolvers(schema: GraphQLSchema, fieldResolvers: ReadonlySet<string>): string[] {
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]);
  const wrapped: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const root = roots.has(type);
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      if (!root && !(fieldResolvers.has(coordinate) && !isLeafType(getNamedType(field.type)))) continue;
      field.resolve = spanned(coordinate, field.resolve ?? defaultFieldResolver);
      wrapped.push(coordinate);
    }
  }
  return wrapped;
}

function spanned(coordinate: string, resolve: GraphQLFieldResolver<unknown, unknown>) {
  const name = `graphql.resolve ${coordinate}`;
  const tracedResolve: GraphQLFieldResolver<unknown, unknown> = (source, args, ctx, info) => {
    const active = context.active();
    if (!trace.getSpan(active)) return resolve(source, args, ctx, info);
    let fields: Map<string, Context> | undefined;
    if (typeof ctx === 'object' && ctx !== null) {
      fields = fieldContexts.get(ctx);
      if (!fields) fieldContexts.set(ctx, (fields = new Map()));
    }
    let parent = active;
    for (let p = info.path.prev; p && fields; p = p.prev) {
      const above = fields.get(pathKey(p));
      if (above) {
        parent = above;
        break;
      }
    }
    const span = tracer.startSpan(
      name,
      {
        attributes: {
          'graphql.field.name': info.fieldName,
          'graphql.field.parent_type': info.parentType.name,
          // The path without list indexes: which field, not which row.
          'graphql.field.path': responsePathAsArray(info.path)
            .filter((p) => typeof p === 'string')
            .join('.'),
        },
      },
      parent,
    );
    const end = (error?: unknown) => {
      if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: errorCode(error) });
      span.end();
    };
    const own = trace.setSpan(parent, span);
    fields?.set(pathKey(info.path), own);
    return context.with(own, () => {
      let result: unknown;
      try {
        result = resolve(source, args, ctx, info);
      } catch (error) {
        end(error);
        throw error;
      }
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        (result as Promise<unknown>).then(() => end(), end);
      } else end();
      return result;
    });
  };
  return tracedResolve;
}

/** An error's code (the API's own, e.g. FORBIDDEN), never its message: messages may quote input. */
function errorCode(error: unknown): string {
  const code = (error as { extensions?: { code?: unknown } })?.extensions?.code;
  return typeof code === 'string' && /^[A-Z][A-Z_]{0,39}$/.test(code) ? code : 'error';
}
