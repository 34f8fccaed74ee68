import type { DataProvider, RaRecord } from 'react-admin';
import { ApiError, HttpError, request, type GraphQLTransport } from './graphql';
import { RESOURCES, type ResourceConfig } from './resources';
import { apiLanguage } from '../i18n/locale';

interface Connection {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: RaRecord[];
}

/**
 * react-admin's pages over the API's keyset connections. Page n is fetched `after` the end cursor of page n - 1;
 * cursors are remembered per list (resource, filter, sort, page size), and a jump to a page never seen walks there.
 */
/** The API's largest page. */
const MAX_PAGE = 100;

export class CursorBook {
  private readonly books = new Map<string, (string | null)[]>();
  cursorsOf(key: string): (string | null)[] {
    let book = this.books.get(key);
    if (!book) {
      book = [null];
      this.books.set(key, book);
    }
    return book;
  }
  clear(): void {
    this.books.clear();
  }
}

function config(resource: string): ResourceConfig {
  const c = RESOURCES[resource];
  if (!c) throw new Error(`Unknown resource ${resource}`);
  return c;
}

/**
 * Fields the API words itself take the portal's language (`cadenceDescription(language: $language)` in resources.ts):
 * when a resource's fields use `$language`, its documents declare it and send the current locale's value.
 */
function languageOf(c: ResourceConfig): { declaration: string; variables: { language?: string } } {
  return /\$language\b/.test(c.fields)
    ? { declaration: ', $language: MailLanguage', variables: { language: apiLanguage() } }
    : { declaration: '', variables: {} };
}

/** BAD_USER_INPUT lands on the form's fields; CONFLICT and the rest become notifications with the server's words. */
export function toHttpError(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  // A required field the form did not send at all is refused before any resolver runs: name it all the same.
  const missing = /Field "(\w+)" of required type "[^"]+" was not provided/.exec(error.message);
  if (error.code === 'BAD_USER_INPUT' && !error.fields.length && missing) {
    return new HttpError(`${missing[1]} is required`, 400, { errors: { [missing[1]]: 'Required' }, code: error.code });
  }
  if (error.code === 'BAD_USER_INPUT' && error.fields.length) {
    const errors: Record<string, string> = {};
    for (const f of error.fields) errors[f.field.replace(/^input\./, '')] = f.message;
    return new HttpError(error.message, 400, { errors, code: error.code });
  }
  const status =
    {
      BAD_USER_INPUT: 400,
      GRAPHQL_VALIDATION_FAILED: 400,
      UNAUTHENTICATED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      CONFLICT: 409,
      RATE_LIMITED: 429,
    }[error.code] ?? 500;
  return new HttpError(error.message, status, { code: error.code });
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toHttpError(error);
  }
}

export function createDataProvider(transport: GraphQLTransport, cursors = new CursorBook()): DataProvider {
  const listPage = async (
    resource: string,
    page: number,
    perPage: number,
    sort: { field: string; order: string } | undefined,
    filter: Record<string, unknown>,
  ) => {
    const c = config(resource);
    const orderBy =
      c.order && sort?.field && c.order[sort.field]
        ? { field: c.order[sort.field], direction: sort.order === 'DESC' ? 'DESC' : 'ASC' }
        : undefined;
    const apiFilter = c.filter ? c.filter(filter) : undefined;
    const key = JSON.stringify([resource, apiFilter, orderBy, perPage]);
    const book = cursors.cursorsOf(key);
    const args = [
      `first: $first`,
      `after: $after`,
      c.filterType ? `filter: $filter` : '',
      c.orderType && orderBy ? `orderBy: $orderBy` : '',
      c.extraArgs ?? '',
    ]
      .filter(Boolean)
      .join(', ');
    const vars = [
      `$first: Int`,
      `$after: String`,
      c.filterType ? `$filter: ${c.filterType}` : '',
      c.orderType && orderBy ? `$orderBy: ${c.orderType}` : '',
      languageOf(c).declaration.slice(2),
    ]
      .filter(Boolean)
      .join(', ');
    const query = `query(${vars}) { list: ${c.list}(${args}) { totalCount pageInfo { hasNextPage endCursor } nodes { ${c.fields} } } }`;
    let result: Connection | null = null;
    // Walk from the furthest known page before the one asked for.
    let from = Math.min(page - 1, book.length - 1);
    while (book[from] === undefined) from--;
    for (let p = from; p < page; p++) {
      const data = await request<{ list: Connection }>(transport, query, {
        first: perPage,
        after: book[p],
        filter: apiFilter,
        orderBy,
        ...languageOf(c).variables,
      });
      result = data.list;
      book[p + 1] = data.list.pageInfo.hasNextPage ? data.list.pageInfo.endCursor : null;
      if (!data.list.pageInfo.hasNextPage && p + 1 < page) return { data: [], total: data.list.totalCount };
    }
    return {
      data: result!.nodes.map(c.toRecord ?? ((r) => r)),
      total: result!.totalCount,
      pageInfo: { hasNextPage: book[page] !== null, hasPreviousPage: page > 1 },
    };
  };

  return {
    getList: (resource, params) =>
      guarded(async () => {
        const page = params.pagination?.page ?? 1;
        const perPage = params.pagination?.perPage ?? 25;
        if (perPage <= MAX_PAGE) return listPage(resource, page, perPage, params.sort, params.filter ?? {});
        // The API serves at most 100 a page; larger asks (react-admin's export) are gathered 100 at a time.
        const rows: RaRecord[] = [];
        let total = 0;
        const first = (page - 1) * (perPage / MAX_PAGE) + 1;
        for (let p = first; rows.length < perPage; p++) {
          const chunk = await listPage(resource, p, MAX_PAGE, params.sort, params.filter ?? {});
          total = chunk.total;
          rows.push(...chunk.data);
          if (!chunk.pageInfo?.hasNextPage) break;
        }
        return { data: rows, total };
      }),

    getOne: (resource, params) =>
      guarded(async () => {
        const c = config(resource);
        const data = await request<{ node: RaRecord | null }>(
          transport,
          `query($id: ID!${languageOf(c).declaration}) { node(id: $id) { ... on ${c.type} { ${c.fields} } } }`,
          { id: params.id, ...languageOf(c).variables },
        );
        if (!data.node) throw new ApiError('tl.providers.data.not_found', 'NOT_FOUND');
        return { data: (c.toRecord ?? ((r) => r))(data.node) };
      }),

    getMany: (resource, params) =>
      guarded(async () => {
        const c = config(resource);
        const data = await request<{ nodes: (RaRecord | null)[] }>(
          transport,
          `query($ids: [ID!]!${languageOf(c).declaration}) { nodes(ids: $ids) { ... on ${c.type} { ${c.fields} } } }`,
          { ids: params.ids, ...languageOf(c).variables },
        );
        return { data: data.nodes.filter((n): n is RaRecord => n !== null).map(c.toRecord ?? ((r) => r)) };
      }),

    getManyReference: (resource, params) =>
      guarded(() =>
        listPage(resource, params.pagination?.page ?? 1, params.pagination?.perPage ?? 25, params.sort, {
          ...params.filter,
          [params.target]: params.id,
        }),
      ),

    create: (resource, params) =>
      guarded(async () => {
        const c = config(resource);
        if (!c.create) throw new ApiError('tl.providers.data.no_create', 'FORBIDDEN');
        const data = await request<Record<string, Record<string, RaRecord>>>(
          transport,
          `mutation($input: ${c.create.inputType}!${languageOf(c).declaration}) { result: ${c.create.mutation}(input: $input) { ${c.create.payload} { ${c.fields} } } }`,
          { input: c.create.input(params.data), ...languageOf(c).variables },
        );
        cursors.clear();
        return { data: (c.toRecord ?? ((r) => r))(data.result[c.create.payload]) } as never;
      }),

    update: (resource, params) =>
      guarded(async () => {
        const c = config(resource);
        if (!c.update) throw new ApiError('tl.providers.data.no_update', 'FORBIDDEN');
        const data = await request<Record<string, Record<string, RaRecord>>>(
          transport,
          `mutation($input: ${c.update.inputType}!${languageOf(c).declaration}) { result: ${c.update.mutation}(input: $input) { ${c.update.payload} { ${c.fields} } } }`,
          { input: c.update.input(params.data, params.previousData), ...languageOf(c).variables },
        );
        cursors.clear();
        return { data: (c.toRecord ?? ((r) => r))(data.result[c.update.payload]) } as never;
      }),

    updateMany: () => Promise.reject(new HttpError('tl.providers.data.one_update', 400)),

    delete: (resource, params) =>
      guarded(async () => {
        const c = config(resource);
        if (!c.remove) throw new ApiError('tl.providers.data.no_delete', 'FORBIDDEN');
        await request(
          transport,
          `mutation($input: ${c.remove.inputType}!) { ${c.remove.mutation}(input: $input) { deletedId } }`,
          { input: { id: params.id } },
        );
        cursors.clear();
        return { data: params.previousData as never };
      }),

    deleteMany: () => Promise.reject(new HttpError('tl.providers.data.one_delete', 400)),

    /** Anything the screens need beyond CRUD: one GraphQL operation, errors mapped the same way. */
    graphql: <T>(query: string, variables?: Record<string, unknown>) =>
      guarded(() => request<T>(transport, query, variables)),
  } as DataProvider;
}
