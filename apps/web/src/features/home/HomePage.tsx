import { Card, Col, Row, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useAuth } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { MENU, type MenuEntry, visibleMenu } from '../../app/menu';
import type { MessageKey } from '../../app/messages';
import { PageHeader } from '../../shared/ui';

const HINTS: Partial<Record<string, MessageKey>> = {
  people: 'home.people',
  households: 'home.households',
  imports: 'home.imports',
  audit: 'home.audit',
  users: 'home.users',
};

export default function HomePage() {
  const { me } = useAuth();
  const { t } = useI18n();
  const navigate = useNavigate();
  if (!me) return null;
  const flat: MenuEntry[] = visibleMenu(me.roles, MENU)
    .flatMap((e) => (e.children ? e.children : [e]))
    .filter((e) => e.path && e.path !== '/');
  return (
    <>
      <PageHeader title={t('home.welcome', { name: me.displayName })} />
      <Typography.Paragraph type="secondary">{t('home.intro')}</Typography.Paragraph>
      <Row gutter={[12, 12]}>
        {flat.map((e) => (
          <Col key={e.key} xs={24} sm={12} lg={8} xl={6}>
            <Card hoverable onClick={() => e.path && navigate(e.path)} style={{ height: '100%' }}>
              <Card.Meta
                avatar={<span style={{ fontSize: 24, color: '#1677ff' }}>{e.icon}</span>}
                title={t(e.labelKey)}
                description={HINTS[e.key] ? t(HINTS[e.key] as MessageKey) : undefined}
              />
            </Card>
          </Col>
        ))}
      </Row>
    </>
  );
}
