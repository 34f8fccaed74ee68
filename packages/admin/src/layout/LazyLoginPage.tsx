import { Suspense } from 'react';
import { lazyNamed } from '../common/lazyNamed';

const SignIn = lazyNamed(() => import('./LoginPage'), 'LoginPage');

/**
 * The sign-in page, loaded when it is shown: a person whose session comes back from its cookie never needs its form
 * (MUI's text fields and selects), so it stays out of the portal's first download.
 */
export function LazyLoginPage() {
  return (
    <Suspense fallback={null}>
      <SignIn />
    </Suspense>
  );
}
