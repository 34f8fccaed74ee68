import {
  getArgumentValues,
  GraphQLObjectType,
  Kind,
  type FieldNode,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import type { RawSelection } from './raw-json';

/**
 * The names of the fields selected directly under the field being resolved (through fragments and inline fragments),
 * so a resolver can leave out what nobody asked for. Fields under `@skip`/`@include` count as selected: computing a
 * field that is then skipped costs time, never correctness.
 */
export function selectedFieldNames(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        visit(info.fragments[selection.name.value]?.selectionSet);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return names;
}

/**
 * A plan for reading ahead: the field nodes at `path` below the field being resolved (each step a field name, through
 * fragments, inline fragments and every alias), or null when nothing at that path is selected. `nodes` of a
 * connection is also reached as `edges.node`. A resolver that reads ahead fetches, for its page, what these fields
 * will ask, in the statement it runs anyway.
 */
export class Lookahead {
  private constructor(
    private readonly info: GraphQLResolveInfo,
    readonly fields: readonly FieldNode[],
  ) {}

  static of(info: GraphQLResolveInfo): Lookahead {
    return new Lookahead(info, info.fieldNodes);
  }

  /** The nodes of a connection: `nodes { … }` and `edges { node { … } }` together. */
  nodes(): Lookahead | null {
    const direct = this.fieldsNamed('nodes');
    const viaEdges = new Lookahead(this.info, this.fieldsNamed('edges')).fieldsNamed('node');
    const all = [...direct, ...viaEdges];
    return all.length ? new Lookahead(this.info, all) : null;
  }

  /** The field `name` under these, or null when it is not selected. */
  at(name: string): Lookahead | null {
    const found = this.fieldsNamed(name);
    return found.length ? new Lookahead(this.info, found) : null;
  }

  /** The names selected directly under these fields. */
  names(): Set<string> {
    const names = new Set<string>();
    for (const node of this.fields) this.visit(node.selectionSet, (f) => names.add(f.name.value));
    return names;
  }

  /** What writing this field's subtree as text needs (graphql/raw-json.ts): its one node's selection, the schema. */
  raw(): RawSelection {
    return {
      schema: this.info.schema,
      selectionSet: this.fields.length === 1 ? (this.fields[0].selectionSet ?? null) : null,
    };
  }

  has(name: string): boolean {
    return this.fieldsNamed(name).length > 0;
  }

  /**
   * The arguments of these fields (of `parentType`), when every one of them (each alias) was given the same ones;
   * null otherwise, so a caller reads ahead only what all of them will ask.
   */
  args(parentType: string): Record<string, unknown> | null {
    const type = this.info.schema.getType(parentType);
    if (!(type instanceof GraphQLObjectType)) return null;
    let first: Record<string, unknown> | null = null;
    for (const node of this.fields) {
      const def = type.getFields()[node.name.value];
      if (!def) return null;
      const values = getArgumentValues(def, node, this.info.variableValues);
      if (first === null) first = values;
      else if (JSON.stringify(first) !== JSON.stringify(values)) return null;
    }
    return first;
  }

  private fieldsNamed(name: string): FieldNode[] {
    const found: FieldNode[] = [];
    for (const node of this.fields) this.visit(node.selectionSet, (f) => f.name.value === name && found.push(f));
    return found;
  }

  private visit(set: SelectionSetNode | undefined, each: (field: FieldNode) => void, seen = new Set<string>()): void {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) each(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) this.visit(selection.selectionSet, each, seen);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        this.visit(this.info.fragments[selection.name.value]?.selectionSet, each, seen);
      }
    }
  }
}
