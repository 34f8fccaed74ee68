import { CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import { authProvider, dataProvider, session } from './portal';
import { PortalAdmin as Admin } from './layout/PortalAdmin';
import { PortalLayout } from './layout/PortalLayout';
import { LazyLoginPage as LoginPage } from './layout/LazyLoginPage';
import { darkTheme, theme } from './layout/theme';
import { districts } from './resources/districts';
import { schools } from './resources/schools';
import { staff } from './resources/staff';
import { strategies } from './resources/strategies';
import { conversations } from './resources/conversations';
import { sessions } from './resources/sessions';
import { actions } from './resources/actions';
import { libraries } from './resources/libraries';
import { auditEvents } from './resources/audit';
import { apiClients } from './resources/api-clients';
import { extraRoutes } from './routes';
import { lazyNamed } from './common/lazyNamed';

// The dashboard (and its charts) come in a chunk of their own, after the sign-in page has shown.
const Dashboard = lazyNamed(() => import('./dashboard/Dashboard'), 'Dashboard');

/**
 * The portal. Every resource is declared; react-admin asks canAccess (the shared permission matrix) before it
 * shows a menu entry, a route or a button, and the API checks everything again.
 */
export function App() {
  return (
    <Admin
      title="Throughline"
      authProvider={authProvider}
      dataProvider={dataProvider}
      dashboard={Dashboard}
      layout={PortalLayout}
      loginPage={LoginPage}
      theme={theme}
      darkTheme={darkTheme}
      requireAuth
      disableTelemetry
    >
      <Resource name="districts" {...districts} />
      <Resource name="strategies" {...strategies} />
      <Resource name="conversations" {...conversations} />
      <Resource name="sessions" {...sessions} />
      <Resource name="actions" {...actions} />
      <Resource name="schools" {...schools} />
      <Resource name="staff" {...staff} />
      <Resource name="roleAssignments" />
      {libraries.map((l) => (
        <Resource key={l.name} {...l} />
      ))}
      <Resource name="auditEvents" {...auditEvents} />
      <Resource name="apiClients" {...apiClients} />
      <CustomRoutes>
        {extraRoutes.map((r) => (
          <Route key={r.path} path={r.path} element={r.element} />
        ))}
      </CustomRoutes>
    </Admin>
  );
}

// The session ends in the background (refresh failed): send the person to sign in.
session.onExpired = () => {
  window.location.hash = '#/login';
};
