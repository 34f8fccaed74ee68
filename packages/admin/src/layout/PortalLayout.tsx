import { Layout, type LayoutProps } from 'react-admin';

/** react-admin's layout; the menu lists only what canAccess allows. */
export function PortalLayout(props: LayoutProps) {
  return <Layout {...props} />;
}
