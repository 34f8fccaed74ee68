import { CssBaseline } from '@mui/material';
import {
  AdminContext,
  AuthCallback,
  AuthenticationError,
  CoreAdminUI,
  Error as ErrorPage,
  Layout,
  LoadingPage,
  NotFound,
  Notification,
  localStorageStore,
  type AdminProps,
  type CatchAllComponent,
} from 'react-admin';
import { NotYoursPage } from '../common/NotYours';
import { i18nProvider } from '../i18n';

const store = localStorageStore();

/**
 * react-admin's `<Admin>`, put together from its parts so that the portal's first download holds only what it uses:
 * `<Admin>` imports the default login form (react-hook-form and the form inputs) even when a login page of one's own
 * is given. Also: Throughline's messages, the one "not yours to see" page for a screen the reader's roles do not
 * reach; and a dark theme that follows the system setting.
 */
export function PortalAdmin({
  authProvider,
  dataProvider,
  theme,
  darkTheme,
  children,
  layout = Layout,
  accessDenied = NotYoursPage,
  ...ui
}: AdminProps) {
  return (
    <AdminContext
      authProvider={authProvider}
      dataProvider={dataProvider}
      i18nProvider={i18nProvider()}
      store={store}
      theme={theme}
      darkTheme={darkTheme}
    >
      <CssBaseline enableColorScheme>
        <CoreAdminUI
          layout={layout}
          accessDenied={accessDenied}
          authCallbackPage={AuthCallback}
          authenticationError={AuthenticationError}
          catchAll={NotFound as CatchAllComponent}
          error={ErrorPage}
          loading={LoadingPage}
          {...ui}
        >
          {children}
        </CoreAdminUI>
        <Notification />
      </CssBaseline>
    </AdminContext>
  );
}
