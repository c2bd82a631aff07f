// People: users (/people), roles (/people/roles), API keys (/people/keys) and the signed-in user's own
// security (/people/security: password, MFA).
import { Tabs } from '../../components/common';
import { UsersTab } from './UsersTab';
import { RolesTab } from './RolesTab';
import { KeysTab } from './KeysTab';
import { SecurityTab } from './SecurityTab';

const TABS = [
  { id: 'users', label: 'Users', href: '/people' },
  { id: 'roles', label: 'Roles', href: '/people/roles' },
  { id: 'keys', label: 'API keys', href: '/people/keys' },
  { id: 'security', label: 'My security', href: '/people/security' },
];

export function PeoplePage({ rest = [] }: { rest?: string[] }) {
  const tab = TABS.some(t => t.id === rest[0]) ? rest[0] : 'users';
  return (
    <div class="page" data-testid="people-page" data-tab={tab}>
      <div class="page-head"><h1>People</h1></div>
      <Tabs tabs={TABS} active={tab} label="People pages" />
      {tab === 'users' && <UsersTab />}
      {tab === 'roles' && <RolesTab />}
      {tab === 'keys' && <KeysTab />}
      {tab === 'security' && <SecurityTab />}
    </div>
  );
}
