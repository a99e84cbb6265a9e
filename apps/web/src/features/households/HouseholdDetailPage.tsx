import { DeleteOutlined, EditOutlined, UserAddOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Modal, Popconfirm, Select, Skeleton, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useAuth } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { can } from '../../app/permissions';
import { ApiError, api } from '../../shared/api';
import { applyFieldErrors, useShowError, validValues } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { PersonPicker } from '../../shared/PersonPicker';
import { useRegionLabel } from '../../shared/regions';
import type { Household, HouseholdMember, Person } from '../../shared/types';
import { LoadError, PageHeader } from '../../shared/ui';
import { HOUSEHOLD_FIELDS, HouseholdFieldItems, type HouseholdFields, householdBody } from './HouseholdForm';

export default function HouseholdDetailPage() {
  const { id = '' } = useParams();
  const { t, enumLabel, enumOptions } = useI18n();
  const { me } = useAuth();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const regionLabel = useRegionLabel();
  const [addOpen, setAddOpen] = useState(false);
  const [editOpen, setEditOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [picked, setPicked] = useState<Person | undefined>();
  const [addForm] = Form.useForm<{ personId?: string; relation?: string }>();
  const [editForm] = Form.useForm<HouseholdFields>();
  const {
    data: h,
    isLoading,
    error,
    refetch,
  } = useQuery({
    queryKey: ['households', id],
    queryFn: () => api.get<Household>(`/households/${id}`),
  });
  if (isLoading) return <Skeleton active />;
  if (error || !h) return <LoadError error={error} onRetry={() => void refetch()} />;
  const canWrite = can(me?.roles, 'households.write');
  const members = h.members ?? [];

  const afterChange = () => {
    void qc.invalidateQueries({ queryKey: ['households'] });
    void qc.invalidateQueries({ queryKey: ['people'] });
  };

  const addMember = async () => {
    const v = await validValues(addForm);
    if (!v) return;
    setBusy(true);
    try {
      await api.post(`/households/${h.id}/members`, { personId: v.personId, relation: v.relation });
      void message.success(t('households.added', { name: picked?.name ?? '' }));
      setAddOpen(false);
      addForm.resetFields();
      afterChange();
    } catch (e) {
      if (!applyFieldErrors(addForm, e, ['personId', 'relation'])) showError(e);
    } finally {
      setBusy(false);
    }
  };

  const removeMember = async (m: HouseholdMember) => {
    try {
      await api.del(`/households/${h.id}/members/${m.personId}`);
      void message.success(t('households.removed', { name: m.name }));
      afterChange();
    } catch (e) {
      showError(e);
    }
  };

  const saveEdit = async () => {
    const v = await validValues(editForm);
    if (!v) return;
    setBusy(true);
    try {
      await api.patch<Household>(`/households/${h.id}`, { version: h.version, ...householdBody(v) });
      void message.success(t('common.saved'));
      setEditOpen(false);
      afterChange();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') setConflict(true);
      else if (!applyFieldErrors(editForm, e, HOUSEHOLD_FIELDS)) showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader
        back="/households"
        title={`${t('households.title')} ${h.householdNumber ?? ''}`}
        sub={h.isDemo && <Tag color="orange">{t('common.demo')}</Tag>}
        extra={
          canWrite && (
            <>
              <Button
                icon={<EditOutlined />}
                onClick={() => {
                  setConflict(false);
                  editForm.setFieldsValue({
                    householdNumber: h.householdNumber ?? undefined,
                    registeredRegionCode: h.registeredRegionCode,
                    residenceRegionCode: h.residenceRegionCode,
                    address: h.address ?? undefined,
                  });
                  setEditOpen(true);
                }}
              >
                {t('common.edit')}
              </Button>
              <Button type="primary" icon={<UserAddOutlined />} onClick={() => setAddOpen(true)}>
                {t('households.addMember')}
              </Button>
            </>
          )
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('households.number')}>{h.householdNumber ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('households.head')}>
            {h.headPersonId ? <Link to={`/people/${h.headPersonId}`}>{h.headName}</Link> : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('households.memberCount')}>{h.memberCount}</Descriptions.Item>
          <Descriptions.Item label={t('people.registeredRegion')}>{regionLabel(h.registeredRegionCode) || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('people.residenceRegion')}>
            {regionLabel(h.residenceRegionCode, h.residenceRegionName)}
          </Descriptions.Item>
          <Descriptions.Item label={t('people.address')}>{h.address ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('people.updatedAt')}>{formatDateTime(h.updatedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t('households.members')}>
        <Table<HouseholdMember>
          rowKey="personId"
          size="small"
          pagination={false}
          dataSource={members}
          scroll={{ x: 640 }}
          locale={{ emptyText: <Empty description={t('households.noMembers')} /> }}
          columns={[
            { title: t('people.name'), dataIndex: 'name', render: (n: string, m) => <Link to={`/people/${m.personId}`}>{n}</Link> },
            {
              title: t('households.relation'),
              dataIndex: 'relation',
              render: (r: string) => (r === 'head' ? <Tag color="blue">{enumLabel('relation', r)}</Tag> : enumLabel('relation', r)),
            },
            { title: t('people.sex'), dataIndex: 'sex', render: (s: string) => t(s === 'F' ? 'sex.F' : 'sex.M') },
            { title: t('people.age'), dataIndex: 'age', render: (n: number) => t('common.years', { n }) },
            { title: t('people.idNumber'), dataIndex: 'idNumber', render: (v: string) => <span className="mono">{v}</span> },
            ...(canWrite
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, m: HouseholdMember) => (
                      <Popconfirm
                        title={t('households.removeConfirm', { name: m.name })}
                        onConfirm={() => removeMember(m)}
                        okText={t('common.confirm')}
                        cancelText={t('common.cancel')}
                      >
                        <Button type="link" danger size="small" icon={<DeleteOutlined />}>
                          {t('common.remove')}
                        </Button>
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>

      <Modal
        open={addOpen}
        title={t('households.addMember')}
        onCancel={() => setAddOpen(false)}
        onOk={addMember}
        confirmLoading={busy}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Form form={addForm} layout="vertical" initialValues={{ relation: members.length ? 'child' : 'head' }}>
          <Form.Item
            name="personId"
            label={t('households.person')}
            rules={[{ required: true, message: t('common.select', { field: t('households.person') }) }]}
          >
            <PersonPicker excludeIds={members.map((m) => m.personId)} onChange={(_id, p) => setPicked(p)} />
          </Form.Item>
          <Form.Item
            name="relation"
            label={t('households.relation')}
            rules={[{ required: true, message: t('common.select', { field: t('households.relation') }) }]}
          >
            <Select options={enumOptions('relation')} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={editOpen}
        title={t('households.editTitle')}
        onCancel={() => setEditOpen(false)}
        onOk={saveEdit}
        confirmLoading={busy}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        width={720}
        forceRender
      >
        {conflict && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('households.versionConflict')}
            action={
              <Button
                size="small"
                onClick={async () => {
                  const r = await refetch();
                  if (r.data)
                    editForm.setFieldsValue({
                      householdNumber: r.data.householdNumber ?? undefined,
                      registeredRegionCode: r.data.registeredRegionCode,
                      residenceRegionCode: r.data.residenceRegionCode,
                      address: r.data.address ?? undefined,
                    });
                  setConflict(false);
                }}
              >
                {t('common.reload')}
              </Button>
            }
          />
        )}
        <Form form={editForm} layout="vertical">
          <HouseholdFieldItems />
        </Form>
      </Modal>
    </>
  );
}
