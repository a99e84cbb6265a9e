import { GlobalOutlined, LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, type InputRef, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useAuth } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { ApiError } from '../../shared/api';
import { formatDateTime } from '../../shared/format';

interface Values {
  username: string;
  password: string;
  totp?: string;
}

/** Find an "until" timestamp in an ACCOUNT_LOCKED error, wherever the server put it. */
function lockedUntil(err: ApiError): string | null {
  for (const d of err.details) {
    for (const k of ['until', 'lockedUntil', 'message']) {
      const v = d[k];
      if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return v;
    }
  }
  return null;
}

export default function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const { status, login, reason, clearReason } = useAuth();
  const [form] = Form.useForm<Values>();
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sp] = useSearchParams();
  const navigate = useNavigate();
  const totpRef = useRef<InputRef>(null);
  const [notice] = useState(() => reason);

  useEffect(() => {
    if (reason) clearReason();
  }, [reason, clearReason]);
  useEffect(() => {
    if (needTotp) totpRef.current?.focus();
  }, [needTotp]);

  const next = sp.get('next');
  const target = next?.startsWith('/') && !next.startsWith('//') ? next : '/';
  if (status === 'authenticated') return <Navigate to={target} replace />;

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await login(v.username.trim(), v.password, needTotp ? v.totp : undefined);
      navigate(target, { replace: true });
    } catch (e) {
      if (e instanceof ApiError) {
        if (e.code === 'TOTP_REQUIRED') {
          if (needTotp && v.totp) form.setFields([{ name: 'totp', errors: [e.message] }]);
          setNeedTotp(true);
        } else if (e.code === 'ACCOUNT_LOCKED') {
          const until = lockedUntil(e);
          setError(
            until
              ? `${e.message}${e.message.includes(formatDateTime(until)) ? '' : `(${t('login.lockedUntil', { time: formatDateTime(until) })})`}`
              : e.message,
          );
        } else if (needTotp && /TOTP/.test(e.code)) {
          form.setFields([{ name: 'totp', errors: [e.message] }]);
        } else {
          setError(e.message);
        }
      } else {
        setError(e instanceof Error ? e.message : String(e));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex className="login-page" vertical align="center" justify="center">
      <Flex justify="flex-end" style={{ width: '100%', maxWidth: 420, marginBottom: 8 }}>
        <Button type="text" icon={<GlobalOutlined />} onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')} data-testid="lang-switch">
          {t('lang.switch')}
        </Button>
      </Flex>
      <Card className="login-card">
        <Flex vertical align="center" gap={4} style={{ marginBottom: 24 }}>
          <span className="brand-logo brand-logo-lg">民</span>
          <Typography.Title level={3} style={{ margin: '8px 0 0' }}>
            {t('app.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('app.subtitle')}</Typography.Text>
        </Flex>
        {notice === 'expired' && <Alert type="warning" showIcon title={t('login.expired')} style={{ marginBottom: 16 }} />}
        {notice === 'loggedOut' && !error && <Alert type="info" showIcon title={t('login.loggedOut')} style={{ marginBottom: 16 }} />}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form<Values> form={form} layout="vertical" size="large" onFinish={submit} requiredMark={false}>
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, message: t('common.required', { field: t('login.username') }) }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('common.required', { field: t('login.password') }) }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          {needTotp && (
            <Form.Item
              name="totp"
              label={t('login.totp')}
              extra={t('login.totpHint')}
              rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.totpInvalid') }]}
            >
              <Input ref={totpRef} prefix={<SafetyCertificateOutlined />} inputMode="numeric" maxLength={6} autoComplete="one-time-code" />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 16, marginBottom: 0 }}>
          {t('login.demoHint')}
        </Typography.Paragraph>
      </Card>
      <Typography.Text type="secondary" style={{ fontSize: 12, marginTop: 16, textAlign: 'center', paddingInline: 16 }}>
        {t('login.footer')}
      </Typography.Text>
    </Flex>
  );
}
