import { t } from '../i18n/translate';

/**
 * The portal's one way to the API: a POST to /graphql with the access token held in memory. Errors come back as
 * ApiError with the server's code and, for BAD_USER_INPUT, the offending fields.
 */
export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly fields: FieldError[] = [],
    readonly status = 200,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface GraphQLTransport {
  endpoint: string;
  /** The current access token, if any (kept in memory only, never in storage). */
  token: () => string | null;
  fetch?: typeof fetch;
}

export async function request<T>(
  transport: GraphQLTransport,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const token = transport.token();
  const res = await (transport.fetch ?? fetch)(transport.endpoint, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  let body: { data?: T; errors?: { message: string; extensions?: { code?: string; fields?: FieldError[] } }[] };
  try {
    body = await res.json();
  } catch {
    throw new ApiError(
      t('tl.providers.data.bad_answer', { status: res.status }),
      'INTERNAL_SERVER_ERROR',
      [],
      res.status,
    );
  }
  const error = body.errors?.[0];
  if (error) {
    throw new ApiError(
      error.message,
      error.extensions?.code ?? 'INTERNAL_SERVER_ERROR',
      error.extensions?.fields ?? [],
      res.status,
    );
  }
  return body.data as T;
}

/**
 * The error shape react-admin understands (status, and body.errors by field for server-side validation): the same
 * contract as its own HttpError, without pulling the UI library into the providers.
 */
export class HttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: { errors?: Record<string, string>; code?: string } = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
