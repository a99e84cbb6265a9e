import {
  DownOutlined,
  GlobalOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuOutlined,
  MenuUnfoldOutlined,
  SafetyCertificateOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Alert, Avatar, Button, Drawer, Dropdown, Flex, Grid, Layout, Menu, type MenuProps, Space, Spin, Tag, Typography } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { ChangePasswordModal } from '../features/account/ChangePasswordModal';
import { RegionCascader, useRegionTree } from '../shared/regions';
import { ErrorBoundary } from '../shared/ui';
import { useAuth } from './auth';
import { useI18n } from './i18n';
import { activeEntry, type MenuEntry, parentKeys, visibleMenu } from './menu';
import { useScope } from './scope';

const { Header, Sider, Content } = Layout;
const TotpEnrolPage = lazy(() => import('../features/account/TotpEnrolPage').then((m) => ({ default: m.TotpEnrolPage })));

function toMenuItems(entries: MenuEntry[], t: ReturnType<typeof useI18n>['t']): NonNullable<MenuProps['items']> {
  return entries.map((e) => {
    const label = e.href ? (
      <a key={e.key} href={e.href} target="_blank" rel="noreferrer">
        {t(e.labelKey)}
      </a>
    ) : e.path ? (
      <Link key={e.key} to={e.path}>
        {t(e.labelKey)}
      </Link>
    ) : (
      t(e.labelKey)
    );
    return e.children ? { key: e.key, icon: e.icon, label, children: toMenuItems(e.children, t) } : { key: e.key, icon: e.icon, label };
  });
}

function ScopePicker({ compact }: { compact?: boolean }) {
  const { t } = useI18n();
  const { scopeCode, setScope, homeCode, scopeLabel } = useScope();
  const { data: tree } = useRegionTree();
  const canNarrow = !!tree && tree.some((n) => n.children?.length);
  if (!canNarrow) {
    return (
      <Tag color="blue" style={{ marginInlineEnd: 0 }}>
        {scopeLabel}
      </Tag>
    );
  }
  return (
    <RegionCascader
      aria-label={t('top.scope')}
      value={scopeCode ?? homeCode}
      onChange={(code) => setScope(code)}
      allowClear={!!scopeCode}
      placeholder={t('top.scopePlaceholder')}
      style={{ width: compact ? '100%' : 300 }}
    />
  );
}

export function AppLayout() {
  const { me, logout } = useAuth();
  const { t, lang, setLang, roleLabel } = useI18n();
  const screens = Grid.useBreakpoint();
  const isMobile = !screens.md;
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [pwdOpen, setPwdOpen] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();

  const entries = useMemo(() => (me ? visibleMenu(me.roles) : []), [me]);
  const items = useMemo(() => toMenuItems(entries, t), [entries, t]);
  const active = activeEntry(entries, location.pathname);
  const [openKeys, setOpenKeys] = useState<string[]>(() => parentKeys(entries));

  if (!me) return null;
  const forcedTotp = me.mustEnrolTotp && location.pathname !== '/account/totp';

  const menu = (
    <Menu
      mode="inline"
      theme="dark"
      items={items}
      selectedKeys={active ? [active.key] : []}
      openKeys={collapsed && !isMobile ? undefined : openKeys}
      onOpenChange={(keys) => setOpenKeys(keys)}
      onClick={() => setDrawerOpen(false)}
    />
  );

  const roleText = me.roles.map(roleLabel).join('、');
  const userMenu: MenuProps['items'] = [
    {
      key: 'who',
      disabled: true,
      label: (
        <div style={{ maxWidth: 260 }}>
          <div>
            <b>{me.displayName}</b> ({me.username})
          </div>
          <div style={{ fontSize: 12 }}>{roleText}</div>
          <div style={{ fontSize: 12 }}>{me.regionName}</div>
          {me.isDemo && <Tag color="orange">{t('top.demoAccount')}</Tag>}
        </div>
      ),
    },
    { type: 'divider' },
    { key: 'password', icon: <KeyOutlined />, label: t('top.password') },
    { key: 'totp', icon: <SafetyCertificateOutlined />, label: t('top.totp') },
    ...(isMobile ? [{ key: 'lang', icon: <GlobalOutlined />, label: t('lang.switch') }] : []),
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('top.logout'), danger: true },
  ];

  const onUserMenu: MenuProps['onClick'] = ({ key }) => {
    if (key === 'password') setPwdOpen(true);
    else if (key === 'totp') navigate('/account/totp');
    else if (key === 'lang') setLang(lang === 'en' ? 'zh-CN' : 'en');
    else if (key === 'logout') void logout().then(() => navigate('/login', { replace: true }));
  };

  const brand = (
    <Link to="/" className="brand" aria-label={t('app.title')}>
      <span className="brand-logo">民</span>
      {(!collapsed || isMobile) && <span className="brand-text">{isMobile ? t('app.shortTitle') : t('app.brand')}</span>}
    </Link>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!isMobile && (
        <Sider
          collapsible
          collapsed={collapsed}
          trigger={null}
          width={220}
          breakpoint="lg"
          onBreakpoint={(b) => setCollapsed(b)}
          className="app-sider"
          style={{ position: 'sticky', top: 0, height: '100vh', overflowY: 'auto' }}
        >
          {brand}
          {menu}
        </Sider>
      )}
      {isMobile && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={260}
          styles={{ body: { padding: 0, background: '#001529' }, header: { display: 'none' } }}
        >
          <div className="app-sider">{brand}</div>
          <div style={{ padding: 12, background: '#001529' }}>
            <Typography.Text style={{ color: 'rgba(255,255,255,.65)', fontSize: 12 }}>{t('top.scope')}</Typography.Text>
            <ScopePicker compact />
          </div>
          {menu}
        </Drawer>
      )}
      <Layout>
        <Header className="app-header" style={{ background: '#fff', paddingInline: isMobile ? 8 : 16, height: 56, lineHeight: '56px' }}>
          <Flex align="center" gap={12} style={{ minWidth: 0, flex: 1 }}>
            {isMobile ? (
              <>
                <Button type="text" icon={<MenuOutlined />} aria-label={t('menu.open')} onClick={() => setDrawerOpen(true)} />
                {brand}
              </>
            ) : (
              <>
                <Button
                  type="text"
                  icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
                  onClick={() => setCollapsed(!collapsed)}
                  aria-label={t('menu.open')}
                />
                <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                  {t('top.scope')}
                </Typography.Text>
                <ScopePicker />
              </>
            )}
          </Flex>
          <Space size={isMobile ? 4 : 12}>
            {!isMobile && (
              <Button
                type="text"
                icon={<GlobalOutlined />}
                onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
                data-testid="lang-switch"
              >
                {t('lang.switch')}
              </Button>
            )}
            <Dropdown menu={{ items: userMenu, onClick: onUserMenu }} trigger={['click']} placement="bottomRight">
              <Button type="text" data-testid="user-menu" style={{ height: 'auto', paddingBlock: 4 }}>
                <Space size={6}>
                  <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1677ff' }} />
                  {!isMobile && (
                    <span className="user-name">
                      {me.displayName}
                      <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>
                        {roleLabel(me.roles[0])}
                      </Typography.Text>
                    </span>
                  )}
                  <DownOutlined style={{ fontSize: 10 }} />
                </Space>
              </Button>
            </Dropdown>
          </Space>
        </Header>
        <Content className="app-content">
          {me.mustEnrolTotp && !forcedTotp && <Alert type="warning" showIcon title={t('totp.forced')} style={{ marginBottom: 12 }} />}
          <ErrorBoundary title={t('error.boundary')} hint={t('error.boundaryHint')} resetKey={location.pathname}>
            <Suspense
              fallback={
                <Flex justify="center" style={{ padding: 64 }}>
                  <Spin />
                </Flex>
              }
            >
              {forcedTotp ? <TotpEnrolPage forced /> : <Outlet />}
            </Suspense>
          </ErrorBoundary>
        </Content>
      </Layout>
      <ChangePasswordModal open={pwdOpen} onClose={() => setPwdOpen(false)} />
    </Layout>
  );
}
