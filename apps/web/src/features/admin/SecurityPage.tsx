import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Card, Flex, Skeleton, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../app/i18n';
import { api } from '../../shared/api';
import { useShowError } from '../../shared/errors';
import type { SecuritySettings } from '../../shared/types';
import { LoadError, PageHeader } from '../../shared/ui';

export default function SecurityPage() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [busy, setBusy] = useState(false);
  const { data, isLoading, error, refetch } = useQuery({
    queryKey: ['settings', 'security'],
    queryFn: () => api.get<SecuritySettings>('/settings/security'),
  });
  if (isLoading) return <Skeleton active />;
  if (error || !data) return <LoadError error={error} onRetry={() => void refetch()} />;

  const save = async (requireTotpForPrivileged: boolean) => {
    setBusy(true);
    try {
      // the server answers {ok: true}; the new state is what we sent
      await api.put('/settings/security', { requireTotpForPrivileged });
      qc.setQueryData<SecuritySettings>(['settings', 'security'], { ...data, requireTotpForPrivileged });
      void message.success(t('security.saved'));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title={t('security.title')} showScope={false} />
      <Card style={{ maxWidth: 760 }}>
        <Flex justify="space-between" align="flex-start" gap={16}>
          <div>
            <Typography.Text strong>{t('security.requireTotp')}</Typography.Text>
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {t('security.requireTotpHint')}
            </Typography.Paragraph>
          </div>
          <Switch
            checked={data.requireTotpForPrivileged}
            loading={busy}
            onChange={save}
            aria-label={t('security.requireTotp')}
            data-testid="require-totp"
          />
        </Flex>
      </Card>
    </>
  );
}
