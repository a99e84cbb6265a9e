import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Image, Input, Result, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { api } from '../../shared/api';
import { applyFieldErrors, useShowError } from '../../shared/errors';
import type { TotpEnrolResponse } from '../../shared/types';

/** Enrol an authenticator app. `forced` when the account may not do anything else first. */
export function TotpEnrolPage({ forced = false }: { forced?: boolean }) {
  const { t } = useI18n();
  const { me, refresh } = useAuth();
  const { message } = App.useApp();
  const showError = useShowError();
  const [enrol, setEnrol] = useState<TotpEnrolResponse | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [form] = Form.useForm<{ code: string }>();

  const start = async () => {
    setBusy(true);
    try {
      setEnrol(await api.post<TotpEnrolResponse>('/auth/totp/enrol'));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const confirm = async ({ code }: { code: string }) => {
    setBusy(true);
    try {
      await api.post('/auth/totp/confirm', { code });
      setDone(true);
      void message.success(t('totp.done'));
      await refresh();
    } catch (e) {
      if (!applyFieldErrors(form, e, ['code'])) form.setFields([{ name: 'code', errors: [e instanceof Error ? e.message : String(e)] }]);
    } finally {
      setBusy(false);
    }
  };

  if (done) return <Result status="success" title={t('totp.done')} />;

  return (
    <Flex justify="center">
      <Card
        style={{ maxWidth: 560, width: '100%' }}
        title={
          <span>
            <SafetyCertificateOutlined /> {t('totp.title')}
          </span>
        }
      >
        {forced && <Alert type="warning" showIcon title={t('totp.forced')} style={{ marginBottom: 16 }} />}
        {me?.totpEnabled && !enrol && <Alert type="success" showIcon title={t('totp.enabled')} style={{ marginBottom: 16 }} />}
        {!enrol ? (
          <Button type="primary" size="large" loading={busy} onClick={start} block>
            {me?.totpEnabled ? t('totp.rebind') : t('totp.start')}
          </Button>
        ) : (
          <Steps
            orientation="vertical"
            current={1}
            items={[
              {
                title: t('totp.step1'),
                content: (
                  <Flex vertical gap={8} style={{ paddingBlock: 8 }}>
                    <Image src={enrol.qrDataUrl} alt="TOTP QR" width={200} height={200} preview={false} data-testid="totp-qr" />
                    <Typography.Text type="secondary">{t('totp.secret')}</Typography.Text>
                    <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
                      {enrol.secret}
                    </Typography.Text>
                  </Flex>
                ),
              },
              {
                title: t('totp.step2'),
                content: (
                  <Form form={form} layout="inline" onFinish={confirm} style={{ paddingBlock: 8, rowGap: 8 }}>
                    <Form.Item name="code" rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.totpInvalid') }]}>
                      <Input
                        inputMode="numeric"
                        maxLength={6}
                        autoComplete="one-time-code"
                        placeholder="123456"
                        style={{ width: 160, letterSpacing: 4 }}
                      />
                    </Form.Item>
                    <Button type="primary" htmlType="submit" loading={busy}>
                      {t('totp.confirm')}
                    </Button>
                  </Form>
                ),
              },
            ]}
          />
        )}
      </Card>
    </Flex>
  );
}

export default function TotpEnrolRoute() {
  return <TotpEnrolPage />;
}
