import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { passwordProblems, ROLES } from '@lq/contracts';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Flex, Form, Input, Modal, Popconfirm, Select, Space, Table, type TableProps, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../app/i18n';
import { api } from '../../shared/api';
import { applyFieldErrors, useShowError, validValues } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { RegionCascader, useRegionLabel } from '../../shared/regions';
import type { Page, Role, UserSummary } from '../../shared/types';
import { LoadError, PageHeader, QueryForm } from '../../shared/ui';
import { toInt, useUrlState } from '../../shared/useUrlState';

interface NewUser {
  username: string;
  displayName: string;
  roles: Role[];
  regionCode: string | null;
  password: string;
}

function CreateUserModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, roleLabel } = useI18n();
  const [form] = Form.useForm<NewUser>();
  const [busy, setBusy] = useState(false);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    setBusy(true);
    try {
      await api.post<UserSummary>('/users', { ...v, username: v.username.trim(), displayName: v.displayName.trim() });
      void message.success(t('users.created', { name: v.username }));
      void qc.invalidateQueries({ queryKey: ['users'] });
      form.resetFields();
      onClose();
    } catch (e) {
      if (!applyFieldErrors(form, e, ['username', 'displayName', 'roles', 'regionCode', 'password'])) showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('users.new')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      forceRender
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="username"
          label={t('users.username')}
          extra={t('users.usernameRule')}
          rules={[
            { required: true, message: t('common.required', { field: t('users.username') }) },
            { pattern: /^[a-zA-Z0-9_.-]{3,64}$/, message: t('users.usernameRule') },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('users.displayName') }) }]}
        >
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t('users.roles')}
          rules={[{ required: true, message: t('common.select', { field: t('users.roles') }) }]}
        >
          <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label={t('users.region')}
          rules={[{ required: true, message: t('common.select', { field: t('users.region') }) }]}
        >
          <RegionCascader />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('users.password')}
          extra={t('password.rule')}
          rules={[
            { required: true, message: t('common.required', { field: t('users.password') }) },
            {
              validator: async (_, v: string | undefined) => {
                if (!v) return;
                const p = passwordProblems(v, { username: form.getFieldValue('username') });
                if (p.includes('LENGTH')) throw new Error(t('password.length'));
                if (p.includes('CLASSES')) throw new Error(t('password.classes'));
                if (p.includes('USERNAME')) throw new Error(t('password.username'));
                if (p.includes('COMMON')) throw new Error(t('password.common'));
                if (p.includes('PATTERN')) throw new Error(t('password.pattern'));
              },
            },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function UsersPage() {
  const { t, roleLabel } = useI18n();
  const [state, update] = useUrlState(['q', 'page', 'pageSize'] as const);
  const [form] = Form.useForm<{ q?: string }>();
  const [createOpen, setCreateOpen] = useState(false);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const regionLabel = useRegionLabel();
  const page = toInt(state.page, 1);
  const pageSize = toInt(state.pageSize, 20);
  useEffect(() => form.setFieldsValue({ q: state.q }), [form, state.q]);

  const { data, isFetching, error, refetch } = useQuery({
    queryKey: ['users', state.q, page, pageSize],
    queryFn: () => api.get<Page<UserSummary>>('/users', { q: state.q, page, pageSize }),
    placeholderData: keepPreviousData,
  });

  const act = async (u: UserSummary, action: 'unlock' | 'disable' | 'enable' | 'reset-totp') => {
    try {
      await api.post(`/users/${u.id}/${action}`, {});
      void message.success(t('users.done'));
      void qc.invalidateQueries({ queryKey: ['users'] });
    } catch (e) {
      showError(e);
    }
  };

  const locked = (u: UserSummary) => !!u.lockedUntil && new Date(u.lockedUntil).getTime() > Date.now();

  const columns: TableProps<UserSummary>['columns'] = [
    {
      title: t('users.username'),
      dataIndex: 'username',
      width: 190,
      render: (v: string, u) => (
        <Space size={4} style={{ whiteSpace: 'nowrap' }}>
          {v}
          {u.isDemo && <Tag color="orange">{t('common.demo')}</Tag>}
        </Space>
      ),
    },
    { title: t('users.displayName'), dataIndex: 'displayName', width: 170 },
    {
      title: t('users.roles'),
      dataIndex: 'roles',
      width: 220,
      render: (rs: string[]) => (
        <Space size={[4, 4]} wrap>
          {rs.map((r) => (
            <Tag key={r} style={{ marginInlineEnd: 0 }}>
              {roleLabel(r)}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('users.region'),
      dataIndex: 'regionCode',
      width: 140,
      render: (c: string) => {
        const full = regionLabel(c);
        return <span title={full}>{full.split(' / ').pop()}</span>;
      },
    },
    {
      title: t('users.status'),
      key: 'status',
      width: 190,
      render: (_: unknown, u) => (
        <Space size={4} wrap>
          {u.status === 'disabled' ? (
            <Tag color="default">{t('users.status.disabled')}</Tag>
          ) : (
            <Tag color="success">{t('users.status.active')}</Tag>
          )}
          {locked(u) && <Tag color="error">{t('users.lockedUntil', { time: formatDateTime(u.lockedUntil) })}</Tag>}
        </Space>
      ),
    },
    {
      title: t('users.totp'),
      dataIndex: 'totpEnabled',
      width: 110,
      render: (v: boolean) => (v ? <Tag color="blue">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>),
    },
    { title: t('users.lastLogin'), dataIndex: 'lastLoginAt', width: 150, render: (v: string | null) => formatDateTime(v) || '—' },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 230,
      fixed: 'right',
      render: (_: unknown, u) => (
        <Space size={0} wrap>
          {locked(u) && (
            <Button type="link" size="small" onClick={() => act(u, 'unlock')}>
              {t('users.unlock')}
            </Button>
          )}
          {u.status === 'disabled' ? (
            <Button type="link" size="small" onClick={() => act(u, 'enable')}>
              {t('users.enable')}
            </Button>
          ) : (
            <Popconfirm
              title={t('users.confirmDisable', { name: u.username })}
              onConfirm={() => act(u, 'disable')}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
            >
              <Button type="link" size="small" danger>
                {t('users.disable')}
              </Button>
            </Popconfirm>
          )}
          {u.totpEnabled && (
            <Popconfirm
              title={t('users.confirmResetTotp', { name: u.username })}
              onConfirm={() => act(u, 'reset-totp')}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
            >
              <Button type="link" size="small">
                {t('users.resetTotp')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('users.title')}
        showScope={false}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)}>
            {t('users.new')}
          </Button>
        }
      />
      <QueryForm
        form={form}
        onSearch={(v) => update({ q: v.q?.trim(), page: undefined })}
        onReset={() => update({ q: undefined, page: undefined })}
        fields={[
          <Form.Item key="q" name="q" style={{ minWidth: 'min(320px, 100%)' }}>
            <Input prefix={<SearchOutlined />} allowClear placeholder={t('users.searchPlaceholder')} />
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
          <Table<UserSummary>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items}
            loading={isFetching}
            scroll={{ x: 1200 }}
            onChange={(p) =>
              update({ page: p.current === 1 ? undefined : p.current, pageSize: p.pageSize === 20 ? undefined : p.pageSize })
            }
            pagination={{ current: page, pageSize, total: data?.total ?? 0, size: 'small', showSizeChanger: true }}
            locale={{ emptyText: <Empty description={t('users.empty')} /> }}
          />
        </>
      )}
      <CreateUserModal open={createOpen} onClose={() => setCreateOpen(false)} />
    </>
  );
}
