/** What the auth and data providers say (react-admin notifies these keys translated). */
export default {
  auth: {
    rate_limited: 'Too many attempts; try again later',
    wrong_password: 'Email or password is incorrect',
    sign_in: 'Sign in to continue',
    ended: 'Your session has ended',
  },
  data: {
    bad_answer: 'The server answered %{status}',
    not_found: 'Not found',
    no_create: 'This cannot be created here',
    no_update: 'This cannot be changed here',
    one_update: 'Change records one at a time',
    no_delete: 'Records here are retired, not deleted',
    one_delete: 'Delete records one at a time',
  },
};
