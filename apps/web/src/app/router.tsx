import { Flex, Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import { createBrowserRouter, Navigate, useLocation } from 'react-router';
import { Forbidden, NotFound } from '../shared/ui';
import { useAuth } from './auth';
import { AppLayout } from './Layout';
import { type Capability, can } from './permissions';
import { ScopeProvider } from './scope';

// Pages are split into their own chunks so the first load stays small.
const LoginPage = lazy(() => import('../features/auth/LoginPage'));
const HomePage = lazy(() => import('../features/home/HomePage'));
const PeopleListPage = lazy(() => import('../features/people/PeopleListPage'));
const PersonDetailPage = lazy(() => import('../features/people/PersonDetailPage'));
const PersonCreatePage = lazy(() => import('../features/people/PersonCreatePage'));
const PersonEditPage = lazy(() => import('../features/people/PersonEditPage'));
const HouseholdListPage = lazy(() => import('../features/households/HouseholdListPage'));
const HouseholdDetailPage = lazy(() => import('../features/households/HouseholdDetailPage'));
const HouseholdCreatePage = lazy(() => import('../features/households/HouseholdCreatePage'));
const ImportsPage = lazy(() => import('../features/imports/ImportsPage'));
const ImportJobPage = lazy(() => import('../features/imports/ImportJobPage'));
const AuditPage = lazy(() => import('../features/audit/AuditPage'));
const UsersPage = lazy(() => import('../features/admin/UsersPage'));
const RegionsPage = lazy(() => import('../features/admin/RegionsPage'));
const SecurityPage = lazy(() => import('../features/admin/SecurityPage'));
const TotpEnrolRoute = lazy(() => import('../features/account/TotpEnrolPage'));

export function FullPageSpin() {
  return (
    <Flex justify="center" align="center" style={{ minHeight: '100vh' }}>
      <Spin size="large" />
    </Flex>
  );
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <FullPageSpin />;
  if (status === 'anonymous') {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return children;
}

/** Shows the page only to users with the capability (the menu hides it too). */
function Guard({ cap, children }: { cap: Capability; children: ReactNode }) {
  const { me } = useAuth();
  return can(me?.roles, cap) ? children : <Forbidden />;
}

const g = (cap: Capability, node: ReactNode) => <Guard cap={cap}>{node}</Guard>;

export const router = createBrowserRouter([
  {
    path: '/login',
    element: (
      <Suspense fallback={<FullPageSpin />}>
        <LoginPage />
      </Suspense>
    ),
  },
  {
    path: '/',
    element: (
      <RequireAuth>
        <ScopeProvider>
          <AppLayout />
        </ScopeProvider>
      </RequireAuth>
    ),
    children: [
      { index: true, element: <HomePage /> },
      { path: 'people', element: g('people.read', <PeopleListPage />) },
      { path: 'people/new', element: g('people.write', <PersonCreatePage />) },
      { path: 'people/:id', element: g('people.read', <PersonDetailPage />) },
      { path: 'people/:id/edit', element: g('people.write', <PersonEditPage />) },
      { path: 'households', element: g('households.read', <HouseholdListPage />) },
      { path: 'households/new', element: g('households.write', <HouseholdCreatePage />) },
      { path: 'households/:id', element: g('households.read', <HouseholdDetailPage />) },
      { path: 'imports', element: g('imports.use', <ImportsPage />) },
      { path: 'imports/:id', element: g('imports.use', <ImportJobPage />) },
      { path: 'audit', element: g('audit.read', <AuditPage />) },
      { path: 'admin', element: <Navigate to="/admin/users" replace /> },
      { path: 'admin/users', element: g('admin.users', <UsersPage />) },
      { path: 'admin/regions', element: g('admin.regions', <RegionsPage />) },
      { path: 'admin/security', element: g('admin.security', <SecurityPage />) },
      { path: 'account/totp', element: <TotpEnrolRoute /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
