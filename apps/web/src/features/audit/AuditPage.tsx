import { SafetyCertificateOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Empty, Flex, Form, Input, Select, Table, type TableProps, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../app/i18n';
import { api } from '../../shared/api';
import { useShowError } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import type { AuditEntry, AuditVerifyResult, Page } from '../../shared/types';
import { ExportButton, LoadError, PageHeader, QueryForm } from '../../shared/ui';
import { toInt, useUrlState } from '../../shared/useUrlState';

const KEYS = ['from', 'to', 'username', 'action', 'outcome', 'targetId', 'page', 'pageSize'] as const;

interface Filters {
  range?: [Dayjs | null, Dayjs | null] | null;
  username?: string;
  action?: string;
  outcome?: string;
  targetId?: string;
}

/** Readable names for common audit actions; unknown actions show as recorded. */
const ACTION_LABELS: Record<string, { zh: string; en: string }> = {
  'auth.login': { zh: '登录', en: 'Log in' },
  'auth.logout': { zh: '退出登录', en: 'Log out' },
  'user.password.change': { zh: '修改密码', en: 'Change password' },
  'user.totp.enrol.start': { zh: '开始绑定动态验证码', en: 'Start TOTP enrolment' },
  'user.totp.enrol.confirm': { zh: '确认绑定动态验证码', en: 'Confirm TOTP enrolment' },
  'user.lock': { zh: '账号锁定', en: 'Account locked' },
  'user.create': { zh: '新建账号', en: 'Create account' },
  'user.unlock': { zh: '解锁账号', en: 'Unlock account' },
  'user.disable': { zh: '停用账号', en: 'Disable account' },
  'user.enable': { zh: '启用账号', en: 'Enable account' },
  'user.reset-totp': { zh: '重置动态验证码', en: 'Reset TOTP' },
  'person.create': { zh: '登记人员', en: 'Register person' },
  'person.update': { zh: '修改人员档案', en: 'Update person' },
  'person.reveal': { zh: '查看完整信息', en: 'Reveal field' },
  'person.export': { zh: '导出人员', en: 'Export people' },
  'household.create': { zh: '新建家庭户', en: 'Create household' },
  'household.update': { zh: '修改家庭户', en: 'Update household' },
  'household.member.add': { zh: '添加家庭成员', en: 'Add member' },
  'household.member.remove': { zh: '移出家庭成员', en: 'Remove member' },
  'import.upload': { zh: '上传导入文件', en: 'Upload import' },
  'import.commit': { zh: '确认导入', en: 'Commit import' },
  'audit.export': { zh: '导出审计日志', en: 'Export audit log' },
  'audit.verify': { zh: '校验日志链', en: 'Verify chain' },
  'regions.import': { zh: '导入行政区划', en: 'Import regions' },
  'settings.security.update': { zh: '修改安全设置', en: 'Change security settings' },
};

/** Targets that have a page in the console. */
const TARGET_LINKS: Record<string, (id: string) => string> = {
  person: (id) => `/people/${id}`,
  household: (id) => `/households/${id}`,
};

const OUTCOME_COLORS = { success: 'success', failure: 'error', denied: 'warning' } as const;

export default function AuditPage() {
  const { t, lang, roleLabel } = useI18n();
  const showError = useShowError();
  const [state, update] = useUrlState(KEYS);
  const [form] = Form.useForm<Filters>();
  const [verify, setVerify] = useState<AuditVerifyResult | null>(null);
  const [verifying, setVerifying] = useState(false);
  const page = toInt(state.page, 1);
  const pageSize = toInt(state.pageSize, 50);

  useEffect(() => {
    form.setFieldsValue({
      range: state.from || state.to ? [state.from ? dayjs(state.from) : null, state.to ? dayjs(state.to) : null] : null,
      username: state.username,
      action: state.action,
      outcome: state.outcome,
      targetId: state.targetId,
    });
  }, [form, state.from, state.to, state.username, state.action, state.outcome, state.targetId]);

  const query = useMemo(
    () => ({
      // dates in the URL are calendar days in Beijing time; the API takes instants
      from: state.from ? new Date(`${state.from}T00:00:00+08:00`).toISOString() : undefined,
      to: state.to ? new Date(`${state.to}T23:59:59.999+08:00`).toISOString() : undefined,
      username: state.username,
      action: state.action,
      outcome: state.outcome,
      targetId: state.targetId,
    }),
    [state.from, state.to, state.username, state.action, state.outcome, state.targetId],
  );
  const { data, isFetching, error, refetch } = useQuery({
    queryKey: ['audit', query, page, pageSize],
    queryFn: ({ signal }) => api.get<Page<AuditEntry>>('/audit', { ...query, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });

  const runVerify = async () => {
    setVerifying(true);
    try {
      setVerify(await api.post<AuditVerifyResult>('/audit/verify'));
    } catch (e) {
      showError(e);
    } finally {
      setVerifying(false);
    }
  };

  const actionLabel = (a: string) => {
    const l = ACTION_LABELS[a];
    return l ? (lang === 'en' ? l.en : l.zh) : a;
  };

  const columns: TableProps<AuditEntry>['columns'] = [
    { title: t('audit.time'), dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v, true) },
    { title: t('audit.user'), dataIndex: 'username', width: 130, render: (v: string | null) => v ?? '—' },
    { title: t('audit.role'), dataIndex: 'role', width: 130, ellipsis: true, render: (v: string | null) => (v ? roleLabel(v) : '—') },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 180,
      render: (a: string) => (
        <span title={a}>
          {actionLabel(a)}
          {ACTION_LABELS[a] && (
            <Typography.Text type="secondary" style={{ fontSize: 11, display: 'block' }}>
              {a}
            </Typography.Text>
          )}
        </span>
      ),
    },
    {
      title: t('audit.target'),
      key: 'target',
      ellipsis: true,
      render: (_: unknown, e) => {
        if (!e.targetType && !e.targetId) return '—';
        const text = `${e.targetType ?? ''} ${e.targetId ?? ''}`.trim();
        const link = e.targetId && TARGET_LINKS[e.targetType ?? ''];
        return link ? <Link to={link(e.targetId as string)}>{text}</Link> : text;
      },
    },
    {
      title: t('audit.outcome'),
      dataIndex: 'outcome',
      width: 90,
      render: (o: AuditEntry['outcome']) => <Tag color={OUTCOME_COLORS[o]}>{t(`outcome.${o}`)}</Tag>,
    },
    { title: t('audit.ip'), dataIndex: 'ip', width: 130, render: (v: string | null) => v ?? '—' },
  ];

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        showScope={false}
        extra={
          <>
            <Button icon={<SafetyCertificateOutlined />} loading={verifying} onClick={runVerify} data-testid="audit-verify">
              {t('audit.verify')}
            </Button>
            <ExportButton path="/audit/export" query={query} fileName="审计日志.xlsx" />
          </>
        }
      />
      {verify && (
        <Alert
          closable={{ onClose: () => setVerify(null) }}
          showIcon
          type={verify.ok ? 'success' : 'error'}
          style={{ marginBottom: 12 }}
          title={t('audit.verifyTitle')}
          data-testid="audit-verify-result"
          description={
            verify.ok
              ? t('audit.verifyOk', { n: verify.checked })
              : t('audit.verifyBroken', {
                  count: verify.broken.length,
                  ids: verify.broken
                    .slice(0, 20)
                    .map((b) => b.id)
                    .join(', '),
                  reason: verify.reason ?? '',
                  n: verify.checked,
                })
          }
        />
      )}
      <QueryForm<Filters>
        form={form}
        visibleCount={2}
        hiddenInUse={!!(state.action || state.outcome || state.targetId)}
        onSearch={(v) =>
          update({
            from: v.range?.[0]?.format('YYYY-MM-DD'),
            to: v.range?.[1]?.format('YYYY-MM-DD'),
            username: v.username?.trim(),
            action: v.action?.trim(),
            outcome: v.outcome,
            targetId: v.targetId?.trim(),
            page: undefined,
          })
        }
        onReset={() =>
          update({
            from: undefined,
            to: undefined,
            username: undefined,
            action: undefined,
            outcome: undefined,
            targetId: undefined,
            page: undefined,
          })
        }
        fields={[
          <Form.Item key="range" name="range" label={t('audit.range')}>
            <DatePicker.RangePicker allowEmpty={[true, true]} style={{ maxWidth: 280 }} />
          </Form.Item>,
          <Form.Item key="username" name="username" label={t('audit.user')}>
            <Input allowClear style={{ width: 150 }} />
          </Form.Item>,
          <Form.Item key="action" name="action" label={t('audit.action')}>
            <Select
              allowClear
              showSearch
              style={{ width: 200 }}
              placeholder={t('audit.actionPlaceholder')}
              options={Object.keys(ACTION_LABELS).map((a) => ({ value: a, label: `${actionLabel(a)} (${a})` }))}
            />
          </Form.Item>,
          <Form.Item key="outcome" name="outcome" label={t('audit.outcome')}>
            <Select
              allowClear
              style={{ width: 110 }}
              options={(['success', 'failure', 'denied'] as const).map((o) => ({ value: o, label: t(`outcome.${o}`) }))}
            />
          </Form.Item>,
          <Form.Item key="targetId" name="targetId" label={t('audit.targetId')}>
            <Input allowClear style={{ width: 200 }} />
          </Form.Item>,
        ]}
      />
      {error ? (
        <LoadError error={error} onRetry={() => void refetch()} />
      ) : (
        <>
          <Flex className="list-toolbar">
            <Typography.Text type="secondary">{data ? t('common.total', { total: data.total }) : ''}</Typography.Text>
          </Flex>
          <Table<AuditEntry>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={data?.items}
            loading={isFetching}
            scroll={{ x: 1000 }}
            data-testid="audit-table"
            expandable={{
              rowExpandable: (e) => !!e.details || !!e.requestId,
              expandedRowRender: (e) => (
                <Typography.Paragraph style={{ margin: 0 }}>
                  <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12 }}>
                    {JSON.stringify(
                      { id: e.id, requestId: e.requestId, regionCode: e.regionCode, details: e.details, hash: e.hash },
                      null,
                      2,
                    )}
                  </pre>
                </Typography.Paragraph>
              ),
            }}
            onChange={(p) =>
              update({ page: p.current === 1 ? undefined : p.current, pageSize: p.pageSize === 50 ? undefined : p.pageSize })
            }
            pagination={{
              current: page,
              pageSize,
              total: data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100, 200],
              size: 'small',
              showTotal: (n) => t('common.total', { total: n }),
            }}
            locale={{ emptyText: <Empty description={t('audit.empty')} /> }}
          />
        </>
      )}
    </>
  );
}
