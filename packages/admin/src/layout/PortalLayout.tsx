import GridOnIcon from '@mui/icons-material/GridOn';
import { CanAccess, Layout, Menu, type LayoutProps } from 'react-admin';
import { SettingsMenuItem } from '../resources/settings';
import { WebhooksMenuItem } from '../resources/webhooks';
import { RosterImportsMenuItem } from '../resources/roster-imports';

/** The menu lists only what canAccess allows; the mapping grid sits beside the strategies it maps. */
function PortalMenu() {
  return (
    <Menu>
      <Menu.DashboardItem />
      <Menu.ResourceItem name="districts" />
      <Menu.ResourceItem name="strategies" />
      <CanAccess resource="mappings" action="list">
        <Menu.Item to="/mapping" primaryText="Mapping" leftIcon={<GridOnIcon />} />
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
      <WebhooksMenuItem />
      <RosterImportsMenuItem />
    </Menu>
  );
}

export function PortalLayout(props: LayoutProps) {
  return <Layout {...props} menu={PortalMenu} />;
}
