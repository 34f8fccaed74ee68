import GridOnIcon from '@mui/icons-material/GridOn';
import { useEffect } from 'react';
import { AppBar, CanAccess, Layout, LoadingIndicator, Menu, type AppBarProps, type LayoutProps } from 'react-admin';
import { LanguageMenu, useSavedLanguage } from './LanguageMenu';
import { SettingsMenuItem } from '../resources/settings';
import { WebhooksMenuItem } from '../resources/webhooks';
import { RosterImportsMenuItem } from '../resources/roster-imports';
import { PrivacyFooter, PrivacyMenuItem } from '../resources/privacy';
import { MailMenuItem, OperatorOutboxMenuItem } from '../resources/mail';

/** The menu lists only what canAccess allows; the mapping grid sits beside the strategies it maps. */
function PortalMenu() {
  return (
    <Menu>
      <Menu.DashboardItem />
      <Menu.ResourceItem name="districts" />
      <Menu.ResourceItem name="strategies" />
      <CanAccess resource="mappings" action="list">
        <Menu.Item to="/mapping" primaryText="tl.layout.menu.mapping" leftIcon={<GridOnIcon />} />
      </CanAccess>
      <Menu.ResourceItem name="conversations" />
      <Menu.ResourceItem name="sessions" />
      <Menu.ResourceItem name="actions" />
      <Menu.ResourceItem name="schools" />
      <Menu.ResourceItem name="staff" />
      <Menu.ResourceItem name="norms" />
      <Menu.ResourceItem name="rubricCriteria" />
      <Menu.ResourceItem name="questionBankItems" />
      <Menu.ResourceItem name="reflectionPrompts" />
      <Menu.ResourceItem name="skills" />
      <Menu.ResourceItem name="auditEvents" />
      <SettingsMenuItem />
      <Menu.ResourceItem name="apiClients" />
      <WebhooksMenuItem />
      <RosterImportsMenuItem />
      <MailMenuItem />
      <OperatorOutboxMenuItem />
      <PrivacyMenuItem />
    </Menu>
  );
}

/** react-admin's app bar with the language switcher (which saves the person's language on their profile). */
function PortalAppBar(props: AppBarProps) {
  return (
    <AppBar
      {...props}
      toolbar={
        <>
          <LanguageMenu />
          <LoadingIndicator />
        </>
      }
    />
  );
}

/** Every page ends with the privacy link (what Throughline keeps, who reads it). */
export function PortalLayout({ children, ...props }: LayoutProps) {
  useSavedLanguage();
  // List rows reachable from the keyboard (layout/keyboardRows.ts), in a chunk of its own.
  useEffect(() => {
    let uninstall: (() => void) | undefined;
    let gone = false;
    void import('./keyboardRows').then((m) => {
      if (!gone) uninstall = m.installKeyboardRows();
    });
    return () => {
      gone = true;
      uninstall?.();
    };
  }, []);
  return (
    <Layout {...props} menu={PortalMenu} appBar={PortalAppBar}>
      {children}
      <PrivacyFooter />
    </Layout>
  );
}
