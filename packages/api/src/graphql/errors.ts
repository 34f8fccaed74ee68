import { GraphQLError } from 'graphql';
import { ErrorCode } from '@throughline/shared';

/** One offending input field: its path inside `input` (for example `email` or `grades.low`) and what is wrong. */
export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Sign in to continue') {
    super(ErrorCode.UNAUTHENTICATED, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You do not have permission to do this') {
    super(ErrorCode.FORBIDDEN, message);
  }
}

/** Says the same for a record that does not exist and for one in another district. */
export class NotFoundError extends AppError {
  constructor(type: string) {
    super(ErrorCode.NOT_FOUND, `${type} not found`);
  }
}

/**
 * The one "find in scope or NOT_FOUND" step: a record the caller's scoped lookup did not find (missing, another
 * district's, or out of the caller's reach) answers NOT_FOUND, the same in every case.
 */
export function found<T>(record: T | null | undefined, type: string): T {
  if (record === null || record === undefined) throw new NotFoundError(type);
  return record;
}

export class BadUserInputError extends AppError {
  constructor(fields: FieldError[], message?: string) {
    super(ErrorCode.BAD_USER_INPUT, message ?? `Invalid input: ${fields.map((f) => f.field).join(', ')}`, { fields });
  }
}

export class ConflictError extends AppError {
  /** `fields`, when given, name what was stale (e.g. `version`), as BAD_USER_INPUT names offending fields. */
  constructor(type: string, fields?: FieldError[]) {
    super(ErrorCode.CONFLICT, `${type} was changed by someone else; reload it and try again`, fields ? { fields } : {});
  }
}

/** Too many attempts: HTTP 429 with Retry-After (the `http` extension, as below), and retryAfterSeconds in the body. */
export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(ErrorCode.RATE_LIMITED, 'Too many attempts; try again later', {
      retryAfterSeconds,
      http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
    });
  }
}

/**
 * Overload or an outage (the pool had no connection in time, the database is unreachable, the request ran past
 * its deadline): HTTP 503 with Retry-After, and nothing written. Apollo reads the `http` extension for the
 * response's status and headers and strips it from the error the client sees.
 */
export class ServiceUnavailableError extends AppError {
  constructor(
    message = 'The service is busy or briefly unavailable; try again shortly',
    readonly retryAfterSeconds = 2,
  ) {
    super(ErrorCode.SERVICE_UNAVAILABLE, message, {
      retryAfterSeconds,
      http: { status: 503, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
    });
  }
}

/** Collects field errors and throws them together, so a form learns every problem at once. */
export class InputChecker {
  private readonly errors: FieldError[] = [];
  add(field: string, message: string): this {
    this.errors.push({ field, message });
    return this;
  }
  check(condition: boolean, field: string, message: string): this {
    if (!condition) this.add(field, message);
    return this;
  }
  get ok(): boolean {
    return this.errors.length === 0;
  }
  throwIfAny(): void {
    if (this.errors.length) throw new BadUserInputError(this.errors);
  }
}
