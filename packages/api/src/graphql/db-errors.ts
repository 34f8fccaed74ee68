import { QueryFailedError } from 'typeorm';
import { ErrorCode } from '@throughline/shared';

/** Unique constraints, by name, and the input field each one is about. */
export const UNIQUE_FIELDS = {
  school_code_key: { field: 'code', message: 'Another school in this district has this code' },
  staff_member_email_key: { field: 'email', message: 'Another person in this district has this email' },
  staff_member_roster_id_key: { field: 'rosterId', message: 'Another person in this district has this roster id' },
  role_assignment_unique: { field: 'role', message: 'This person already holds this role here' },
  district_slug_key: { field: 'slug', message: 'Another district has this short name' },
  norm_name_key: { field: 'title', message: 'Another norm of this district has this title' },
  rubric_criterion_name_key: { field: 'name', message: 'Another criterion of this rubric has this name' },
  question_bank_item_name_key: { field: 'text', message: 'This question is already in the bank' },
  reflection_prompt_name_key: { field: 'text', message: 'This prompt already exists' },
  skill_name_key: { field: 'name', message: 'Another skill of this district has this name' },
  conversation_mapping_pair_key: {
    field: 'conversationId',
    message: 'This conversation is already mapped to this strategy',
  },
  quality_rating_once_key: { field: 'ratings', message: 'Each criterion is rated once per person' },
  reflection_once_key: { field: 'sessionId', message: 'You have already reflected on this session' },
} as const satisfies Record<string, { field: string; message: string }>;
export type UniqueConstraint = keyof typeof UNIQUE_FIELDS;

/**
 * The database's own refusals, as the client should hear them. Services check first; this covers the race where
 * two requests pass the check together, and never lets a constraint name or SQL text out.
 */
export function fromDatabaseError(
  error: unknown,
): { code: ErrorCode; message: string; extensions?: Record<string, unknown> } | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driver =
    (error as QueryFailedError & { driverError?: { code?: string; constraint?: string } }).driverError ?? {};
  switch (driver.code) {
    case '23505': {
      const known = driver.constraint
        ? (UNIQUE_FIELDS as Record<string, { field: string; message: string }>)[driver.constraint]
        : undefined;
      const fields = [known ?? { field: 'input', message: 'This already exists' }];
      return { code: ErrorCode.BAD_USER_INPUT, message: `Invalid input: ${fields[0].field}`, extensions: { fields } };
    }
    // A row-level security WITH CHECK refusal: the row belongs to another district, which must look like nothing.
    case '42501':
      return { code: ErrorCode.NOT_FOUND, message: 'Not found' };
    // Serialization failure, deadlock, lock timeout: someone else changed the same records at the same time.
    case '40001':
    case '40P01':
    case '55P03':
      return {
        code: ErrorCode.CONFLICT,
        message: 'The record was changed by someone else at the same time; try again',
      };
    // A value the database could not read (an out-of-range date in a cursor or filter).
    case '22007':
    case '22008':
    case '22P02':
      return {
        code: ErrorCode.BAD_USER_INPUT,
        message: 'Invalid input: a value is out of range',
        extensions: { fields: [{ field: 'input', message: 'A value is out of range' }] },
      };
    default:
      return null;
  }
}
