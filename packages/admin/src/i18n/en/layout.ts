/** The frame of the portal: sign-in page, menu, app bar, language switcher. */
export default {
  menu: {
    mapping: 'Mapping',
  },
  language: {
    button: 'Language: %{language}. Choose another',
    not_saved: 'Your language could not be saved on your profile; it applies in this browser only for now.',
  },
  login: {
    sso: 'Single sign-on',
    sign_in_with: 'Sign in with %{name}',
    sso_only: 'Your district signs in with single sign-on',
    or_password: 'or with your password',
    sso_failed: 'The sign-in did not succeed. Try again.',
    sso_errors: {
      UNKNOWN_PROVIDER: 'That sign-in option is not available any more.',
      PROVIDER_MISCONFIGURED: 'Single sign-on is not set up correctly for your district; tell your district admin.',
      PROVIDER_UNAVAILABLE:
        'Your sign-in provider could not be reached. Try again shortly, or sign in with your password.',
      PROVIDER_ERROR: 'Your sign-in provider refused the sign-in. Try again.',
      STATE_MISMATCH: 'The sign-in expired or was started in another window. Start again from this page.',
      EXPIRED: 'The sign-in took too long. Start again from this page.',
      ID_TOKEN_INVALID: 'Your sign-in provider’s answer could not be trusted. Try again, or tell your district admin.',
      EMAIL_MISSING: 'Your sign-in provider did not share your email address.',
      EMAIL_UNVERIFIED: 'Your sign-in provider has not verified your email address.',
      DOMAIN_NOT_ALLOWED: 'Your email address is not one your district signs in with here.',
      UNKNOWN_PERSON: 'There is no Throughline account for you in this district. Ask your district admin to add you.',
      ACCOUNT_PENDING: 'Your account was created and waits for your district admin to activate it.',
      STAFF_INACTIVE: 'Your Throughline account is inactive. Ask your district admin.',
      IDENTITY_CONFLICT:
        'Your Throughline account is linked to another account at this provider. Ask your district admin.',
      RATE_LIMITED: 'Too many attempts; try again later.',
      UNAVAILABLE: 'Throughline could not finish the sign-in just now. Try again shortly.',
    },
  },
};
