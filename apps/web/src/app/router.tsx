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
// 养老服务 (elderly care) and the public resident pages
const EcOverviewPage = lazy(() => import('../features/elderly-care/OverviewPage'));
const EcOrdersPage = lazy(() => import('../features/elderly-care/OrdersPage'));
const EcApplicationsPage = lazy(() => import('../features/elderly-care/ApplicationsPage'));
const EcApplyPage = lazy(() => import('../features/elderly-care/ApplyPage'));
const EcOrderDetailPage = lazy(() => import('../features/elderly-care/OrderDetailPage'));
const EcAssessmentPage = lazy(() => import('../features/elderly-care/AssessmentPage'));
const EcMenuPage = lazy(() => import('../features/elderly-care/MenuPage'));
const EcParametersPage = lazy(() => import('../features/elderly-care/ParametersPage'));
const EcProvidersPage = lazy(() => import('../features/elderly-care/ProvidersPage'));
const EcDispatchPage = lazy(() => import('../features/elderly-care/DispatchPage'));
const EcFollowUpsPage = lazy(() => import('../features/elderly-care/FollowUpsPage'));
const EcAnomaliesPage = lazy(() => import('../features/elderly-care/AnomaliesPage'));
const EcSettlementsPage = lazy(() => import('../features/elderly-care/SettlementsPage'));
const EcSupervisionPage = lazy(() => import('../features/elderly-care/SupervisionPage'));
const CareTodayPage = lazy(() => import('../features/elderly-care/CareTodayPage'));
const PublicApplyPage = lazy(() => import('../features/public/PublicApplyPage'));
const TrackPage = lazy(() => import('../features/public/TrackPage'));
const PublicInspectionsPage = lazy(() => import('../features/public/PublicInspectionsPage'));

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

/** Caregivers land on their phone route page; everyone else on the home page. */
function Home() {
  const { me } = useAuth();
  if (me?.roles.length && me.roles.every((r) => r === 'caregiver')) return <Navigate to="/care/today" replace />;
  return <HomePage />;
}

const open = (node: ReactNode) => <Suspense fallback={<FullPageSpin />}>{node}</Suspense>;

export const router = createBrowserRouter([
  {
    path: '/login',
    element: (
      <Suspense fallback={<FullPageSpin />}>
        <LoginPage />
      </Suspense>
    ),
  },
  // resident pages: no login
  { path: '/apply', element: open(<PublicApplyPage />) },
  { path: '/track', element: open(<TrackPage />) },
  { path: '/track/:code', element: open(<TrackPage />) },
  { path: '/public/inspections', element: open(<PublicInspectionsPage />) },
  // caregiver phone page: logged in, without the console frame
  { path: '/care/today', element: <RequireAuth>{open(g('elderly.care', <CareTodayPage />))}</RequireAuth> },
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
      { index: true, element: <Home /> },
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
      { path: 'elderly', element: <Navigate to="/elderly/orders" replace /> },
      { path: 'elderly/overview', element: g('elderly.overview', <EcOverviewPage />) },
      { path: 'elderly/orders', element: g('elderly.orders', <EcOrdersPage />) },
      { path: 'elderly/applications', element: g('elderly.applications', <EcApplicationsPage />) },
      { path: 'elderly/orders/new', element: g('elderly.apply', <EcApplyPage />) },
      { path: 'elderly/orders/:id', element: g('elderly.orders', <EcOrderDetailPage />) },
      { path: 'elderly/orders/:id/assess', element: g('elderly.orders', <EcAssessmentPage />) },
      { path: 'elderly/menu', element: g('elderly.menu', <EcMenuPage />) },
      { path: 'elderly/parameters', element: g('elderly.parameters', <EcParametersPage />) },
      { path: 'elderly/providers', element: g('elderly.providers', <EcProvidersPage />) },
      { path: 'elderly/dispatch', element: g('elderly.dispatch', <EcDispatchPage />) },
      { path: 'elderly/followups', element: g('elderly.followups', <EcFollowUpsPage />) },
      { path: 'elderly/anomalies', element: g('elderly.audit', <EcAnomaliesPage />) },
      { path: 'elderly/settlements', element: g('elderly.settlements', <EcSettlementsPage />) },
      { path: 'elderly/supervision', element: g('elderly.supervision', <EcSupervisionPage />) },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
