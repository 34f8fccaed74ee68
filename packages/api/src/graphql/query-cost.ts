import {
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  isInterfaceType,
  isLeafType,
  isListType,
  isObjectType,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

/**
 * The estimated cost of a GraphQL operation, in points, before it runs. The engine is generic; the numbers come from
 * a CostModel (the API's is modules/rate-limit/field-costs.ts).
 *
 * - Every object a field returns costs one point; scalars and enums cost nothing of their own (they come in the
 *   object's row). `__typename` and introspection cost nothing.
 * - A list multiplies the cost of its selection by its expected size. A connection (a field with `first`/`last`
 *   returning a type with `pageInfo` and `edges`/`nodes`) multiplies its `edges`/`nodes` by `first` or `last`, or
 *   by the default page size; its `totalCount` and `pageInfo` are counted once.
 * - A field may carry a weight of its own on top (an aggregate such as the funnel, a password check, a mutation).
 *
 * Linear in the document: each fragment's cost is computed once and remembered (the cost of a fragment does not
 * depend on where it is spread: a multiplier applies outside it), and, as graphql-js executes them, a fragment spread
 * twice in the same selection counts once. Skipped (@skip/@include) selections cost nothing.
 */
export interface FieldCostInput {
  /** `Type.field`, e.g. `Query.funnel`. */
  coordinate: string;
  parentType: GraphQLNamedType;
  field: GraphQLField<unknown, unknown>;
  /** The field's arguments with variables applied (defaults included). */
  args: Record<string, unknown>;
}

export interface CostModel {
  /** Page size of a connection asked for without `first`/`last`. */
  defaultPageSize: number;
  /** Points of the field itself, on top of one per object it returns (0 for most). */
  weight(input: FieldCostInput): number;
  /** How many objects a list field (not a connection) is expected to return. */
  listSize(input: FieldCostInput): number;
}

export interface CostRequest {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  model: CostModel;
}

/** Cost of a selection: `paged` is what a connection's `edges`/`nodes` add per item of the page. */
interface Cost {
  own: number;
  paged: number;
}

const ZERO: Cost = { own: 0, paged: 0 };

function isConnectionType(type: GraphQLNamedType): boolean {
  if (!isObjectType(type)) return false;
  const fields = type.getFields();
  return Boolean(fields.pageInfo && (fields.edges || fields.nodes));
}

/** The estimated cost of the operation the request runs (the named one, or the only one); 0 when there is none. */
export function estimateCost({ schema, document, operationName, variables, model }: CostRequest): number {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return 0;
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) return 0;
  const vars = variables ?? {};
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  // Each fragment once; `null` while being computed (a cycle, which validation refuses anyway, costs nothing).
  const memo = new Map<string, Cost | null>();

  const skipped = (node: { directives?: readonly DirectiveNode[] }): boolean => {
    if (!node.directives?.length) return false;
    try {
      if (getDirectiveValues(GraphQLSkipDirective, node, vars)?.if === true) return true;
      if (getDirectiveValues(GraphQLIncludeDirective, node, vars)?.if === false) return true;
    } catch {
      // an invalid directive argument: counted as included
    }
    return false;
  };

  const argumentsOf = (field: GraphQLField<unknown, unknown>, node: FieldNode): Record<string, unknown> => {
    try {
      return getArgumentValues(field, node, vars);
    } catch {
      return {};
    }
  };

  const fragmentCost = (name: string): Cost => {
    if (memo.has(name)) return memo.get(name) ?? ZERO;
    const fragment = fragments.get(name);
    const type = fragment && schema.getType(fragment.typeCondition.name.value);
    if (!fragment || !type) return ZERO;
    memo.set(name, null);
    const cost = selectionCost(fragment.selectionSet, type, new Set());
    memo.set(name, cost);
    return cost;
  };

  const fieldCost = (node: FieldNode, parentType: GraphQLNamedType, field: GraphQLField<unknown, unknown>): number => {
    const input: FieldCostInput = {
      coordinate: `${parentType.name}.${field.name}`,
      parentType,
      field,
      args: argumentsOf(field, node),
    };
    const weight = model.weight(input);
    const type = getNamedType(field.type);
    if (isLeafType(type)) return weight;
    const child = node.selectionSet ? selectionCost(node.selectionSet, type, new Set()) : ZERO;
    if (isConnectionType(type) && field.args.some((a) => a.name === 'first' || a.name === 'last')) {
      const requested = Number(input.args.first ?? input.args.last ?? model.defaultPageSize);
      const size = Number.isFinite(requested) ? Math.max(0, requested) : model.defaultPageSize;
      return weight + 1 + child.own + size * child.paged;
    }
    if (isListType(getNullableType(field.type))) {
      // A connection's edges/nodes: one per item, multiplied by the connection's page size above.
      const size =
        isConnectionType(parentType) && (field.name === 'edges' || field.name === 'nodes') ? 1 : model.listSize(input);
      return weight + Math.max(0, size) * (1 + child.own + child.paged);
    }
    return weight + 1 + child.own + child.paged;
  };

  function selectionCost(set: SelectionSetNode, type: GraphQLNamedType, spread: Set<string>): Cost {
    const fields = isObjectType(type) || isInterfaceType(type) ? type.getFields() : {};
    const paging = isConnectionType(type);
    let own = 0;
    let paged = 0;
    for (const selection of set.selections) {
      if (skipped(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const field = fields[name];
        if (name.startsWith('__') || !field) continue;
        const cost = fieldCost(selection, type, field);
        if (paging && (name === 'edges' || name === 'nodes')) paged += cost;
        else own += cost;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (!condition) continue;
        const cost = selectionCost(selection.selectionSet, condition, spread);
        own += cost.own;
        paged += cost.paged;
      } else {
        const name = selection.name.value;
        if (spread.has(name)) continue;
        spread.add(name);
        const cost = fragmentCost(name);
        own += cost.own;
        paged += cost.paged;
      }
    }
    return { own, paged };
  }

  const root = selectionCost(operation.selectionSet, rootType, new Set());
  return Math.ceil(root.own + root.paged);
}
