/**
 * Why a single sign-on did not sign anyone in: a code the portal's sign-in page explains (never a stack trace, never
 * a token). `detail` is for the log only.
 */
export type SsoErrorCode =
  | 'UNKNOWN_PROVIDER'
  | 'PROVIDER_MISCONFIGURED'
  | 'PROVIDER_UNAVAILABLE'
  | 'PROVIDER_ERROR'
  | 'STATE_MISMATCH'
  | 'EXPIRED'
  | 'ID_TOKEN_INVALID'
  | 'EMAIL_MISSING'
  | 'EMAIL_UNVERIFIED'
  | 'DOMAIN_NOT_ALLOWED'
  | 'UNKNOWN_PERSON'
  | 'ACCOUNT_PENDING'
  | 'STAFF_INACTIVE'
  | 'IDENTITY_CONFLICT'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE';

export class SsoFailure extends Error {
  constructor(
    readonly code: SsoErrorCode,
    readonly detail?: string,
    /** The district and provider, when known: for the log. */
    readonly where: { districtId?: string; providerId?: string } = {},
  ) {
    super(code);
  }
}
