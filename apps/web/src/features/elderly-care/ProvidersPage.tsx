import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { CAREGIVER_SKILLS, CAREGIVER_STATUS_LABELS, CAREGIVER_STATUSES, PROVIDER_KINDS } from '@lq/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Divider, Drawer, Flex, Form, Input, InputNumber, Select, Table, Tabs, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useAuth } from '../../app/auth';
import { can } from '../../app/permissions';
import { api } from '../../shared/api';
import { applyFieldErrors, useShowError } from '../../shared/errors';
import { RegionCascader, useRegionLabel } from '../../shared/regions';
import { PageHeader } from '../../shared/ui';
import { type Caregiver, EC, ecApi, type Provider } from './api';
import { providerKindLabel, skillLabel, useL } from './common';

const HHMM = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const CERT_KINDS = ['养老护理员职业技能等级证书', '健康证', '护士执业证书', '医疗护理员培训合格证', '社会工作者职业资格证书'];
const CERT_LEVELS = ['五级/初级工', '四级/中级工', '三级/高级工', '二级/技师', '一级/高级技师'];

/** '' -> undefined, so optional fields are left out rather than sent empty. */
const opt = (v?: string | null) => (v?.trim() ? v.trim() : undefined);

function ProviderList({ onPick }: { onPick: (id: string) => void }) {
  const L = useL();
  const { me } = useAuth();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const regionLabel = useRegionLabel();
  const canWrite = can(me?.roles, 'elderly.providers.write') && me?.roles.includes('county_staff');
  const [editing, setEditing] = useState<Provider | 'new' | null>(null);
  const [form] = Form.useForm();
  const q = useQuery({ queryKey: ['ec', 'providers'], queryFn: () => ecApi.providers() });
  const save = useMutation({
    mutationFn: (v: Record<string, unknown>) =>
      editing && editing !== 'new'
        ? api.put(`${EC}/providers/${editing.id}`, { ...v, version: editing.version })
        : api.post(`${EC}/providers`, v),
    onSuccess: () => {
      void message.success(L('已保存', 'Saved'));
      setEditing(null);
      void qc.invalidateQueries({ queryKey: ['ec', 'providers'] });
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) showError(e);
    },
  });
  const open = (p: Provider | 'new') => {
    setEditing(p);
    form.resetFields();
    if (p !== 'new')
      form.setFieldsValue({
        ...p,
        lat: p.location?.lat,
        lng: p.location?.lng,
      });
  };
  return (
    <>
      {canWrite && (
        <Flex justify="flex-end" style={{ marginBottom: 8 }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
            {L('新增服务机构', 'New provider')}
          </Button>
        </Flex>
      )}
      <Table<Provider>
        rowKey="id"
        size="middle"
        loading={q.isFetching}
        dataSource={q.data?.items}
        scroll={{ x: 900 }}
        rowClassName={() => 'clickable-row'}
        onRow={(p) => ({ onClick: () => onPick(p.id) })}
        columns={[
          {
            title: L('名称', 'Name'),
            dataIndex: 'name',
            render: (n: string, p) => (
              <span>
                {n} {p.blacklisted && <Tag color="red">{L('黑名单', 'Blacklisted')}</Tag>}
              </span>
            ),
          },
          { title: L('类型', 'Kind'), dataIndex: 'kind', width: 140, render: providerKindLabel },
          { title: L('所在地', 'Region'), dataIndex: 'regionCode', width: 200, render: (c: string) => regionLabel(c) },
          {
            title: L('服务区域', 'Service areas'),
            dataIndex: 'serviceAreaCodes',
            render: (codes: string[]) =>
              codes
                .slice(0, 4)
                .map((c) => <Tag key={c}>{regionLabel(c).split(' / ').pop()}</Tag>)
                .concat(codes.length > 4 ? [<span key="more">+{codes.length - 4}</span>] : []),
          },
          { title: L('联系人', 'Contact'), width: 160, render: (_, p) => [p.contactName, p.contactPhone].filter(Boolean).join(' ') },
          ...(canWrite
            ? [
                {
                  title: '',
                  width: 70,
                  render: (_: unknown, p: Provider) => (
                    <Button
                      type="link"
                      onClick={(e) => {
                        e.stopPropagation();
                        open(p);
                      }}
                    >
                      {L('编辑', 'Edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Drawer
        open={!!editing}
        onClose={() => setEditing(null)}
        size={520}
        title={editing === 'new' ? L('新增服务机构', 'New provider') : L('编辑服务机构', 'Edit provider')}
        forceRender
        extra={
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {L('保存', 'Save')}
          </Button>
        }
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: 'home_care_center', serviceAreaCodes: [] }}
          onFinish={(v) =>
            save.mutate({
              name: v.name,
              kind: v.kind,
              creditCode: v.creditCode || null,
              regionCode: v.regionCode,
              serviceAreaCodes: v.serviceAreaCodes,
              address: v.address || undefined,
              location: v.lat !== undefined && v.lat !== null && v.lng !== undefined && v.lng !== null ? { lat: v.lat, lng: v.lng } : null,
              contactName: v.contactName || undefined,
              contactPhone: v.contactPhone || undefined,
            })
          }
        >
          <Form.Item name="name" label={L('名称', 'Name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="kind" label={L('类型', 'Kind')}>
            <Select options={PROVIDER_KINDS.map((k) => ({ value: k, label: providerKindLabel(k) }))} />
          </Form.Item>
          <Form.Item
            name="creditCode"
            label={L('统一社会信用代码', 'Credit code')}
            rules={[
              {
                pattern: /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/,
                message: L('应为 18 位统一社会信用代码', '18-character credit code'),
              },
            ]}
          >
            <Input maxLength={18} />
          </Form.Item>
          <Form.Item
            name="regionCode"
            label={L('所在地', 'Region')}
            rules={[{ required: true, message: L('请选择所在地', 'Pick the region') }]}
          >
            <RegionCascader />
          </Form.Item>
          <Form.Item
            name="serviceAreaCodes"
            label={L('服务区域(乡镇或村)', 'Service areas')}
            rules={[{ required: true, type: 'array', min: 1, message: L('至少一个服务区域', 'At least one area') }]}
          >
            <Select mode="tags" placeholder={L('输入 9 或 12 位区划代码', '9- or 12-digit region codes')} tokenSeparators={[',', ' ']} />
          </Form.Item>
          <Form.Item name="address" label={L('地址', 'Address')}>
            <Input maxLength={200} />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item name="lat" label={L('纬度', 'Latitude')} style={{ flex: 1 }}>
              <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="lng" label={L('经度', 'Longitude')} style={{ flex: 1 }}>
              <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} />
            </Form.Item>
          </Flex>
          <Flex gap={12}>
            <Form.Item name="contactName" label={L('联系人', 'Contact')} style={{ flex: 1 }}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="contactPhone" label={L('电话', 'Phone')} style={{ flex: 1 }}>
              <Input maxLength={20} />
            </Form.Item>
          </Flex>
        </Form>
      </Drawer>
    </>
  );
}

function CaregiverList({ providerId, setProviderId }: { providerId?: string; setProviderId: (id?: string) => void }) {
  const L = useL();
  const { me } = useAuth();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const canWrite = can(me?.roles, 'elderly.providers.write');
  const [editing, setEditing] = useState<Caregiver | 'new' | null>(null);
  const [form] = Form.useForm();
  const providers = useQuery({ queryKey: ['ec', 'providers'], queryFn: () => ecApi.providers() });
  const pName = useMemo(() => new Map((providers.data?.items ?? []).map((p) => [p.id, p.name])), [providers.data]);
  const q = useQuery({ queryKey: ['ec', 'caregivers', providerId ?? 'all'], queryFn: () => ecApi.caregivers({ providerId }) });
  const save = useMutation({
    mutationFn: (v: Record<string, unknown>) =>
      editing && editing !== 'new'
        ? api.put(`${EC}/caregivers/${editing.id}`, { ...v, version: editing.version })
        : api.post(`${EC}/caregivers`, v),
    onSuccess: () => {
      void message.success(L('已保存', 'Saved'));
      setEditing(null);
      void qc.invalidateQueries({ queryKey: ['ec', 'caregivers'] });
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) showError(e);
    },
  });
  const open = (c: Caregiver | 'new') => {
    setEditing(c);
    form.resetFields();
    if (c !== 'new') form.setFieldsValue({ ...c, lat: c.home.lat, lng: c.home.lng });
    else form.setFieldsValue({ providerId: me?.providerId ?? providerId });
  };
  const trainingHours = (c: Caregiver) => c.trainingRecords.reduce((a, t) => a + t.hours, 0);
  return (
    <>
      <Flex justify="space-between" style={{ marginBottom: 8 }} wrap gap={8}>
        <Select
          allowClear
          style={{ width: 300 }}
          value={providerId}
          onChange={(v) => setProviderId(v)}
          placeholder={L('全部服务机构', 'All providers')}
          showSearch={{ optionFilterProp: 'label' }}
          options={(providers.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
        />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
            {L('新增护理员', 'New caregiver')}
          </Button>
        )}
      </Flex>
      <Table<Caregiver>
        rowKey="id"
        size="middle"
        loading={q.isFetching}
        dataSource={q.data?.items}
        scroll={{ x: 1000 }}
        columns={[
          {
            title: L('姓名', 'Name'),
            dataIndex: 'name',
            width: 110,
            render: (n: string, c) => (
              <span>
                {n} {c.blacklisted && <Tag color="red">{L('黑名单', 'Blacklisted')}</Tag>}
              </span>
            ),
          },
          { title: L('机构', 'Provider'), width: 200, render: (_, c) => pName.get(c.providerId) ?? '' },
          { title: L('技能', 'Skills'), render: (_, c) => c.skills.map((s) => <Tag key={s}>{skillLabel(s)}</Tag>) },
          {
            title: L('证书', 'Certificates'),
            render: (_, c) =>
              c.certificates.map((x) => (
                <Tag
                  key={x.kind + (x.number ?? '')}
                  color={x.expiresOn && x.expiresOn < new Date().toISOString().slice(0, 10) ? 'red' : 'blue'}
                >
                  {x.kind}
                  {x.level ? `(${x.level})` : ''}
                </Tag>
              )),
          },
          { title: L('培训学时', 'Training h'), width: 90, render: (_, c) => trainingHours(c) },
          { title: L('班次', 'Shift'), width: 110, render: (_, c) => `${c.shiftStart}-${c.shiftEnd}` },
          {
            title: L('状态', 'Status'),
            width: 80,
            render: (_, c) => <Tag color={c.status === 'active' ? 'green' : 'default'}>{CAREGIVER_STATUS_LABELS[c.status]}</Tag>,
          },
          ...(canWrite
            ? [
                {
                  title: '',
                  width: 70,
                  render: (_: unknown, c: Caregiver) => (
                    <Button type="link" onClick={() => open(c)}>
                      {L('编辑', 'Edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Drawer
        open={!!editing}
        onClose={() => setEditing(null)}
        size={520}
        forceRender
        title={editing === 'new' ? L('新增护理员', 'New caregiver') : L('编辑护理员', 'Edit caregiver')}
        extra={
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {L('保存', 'Save')}
          </Button>
        }
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ shiftStart: '08:00', shiftEnd: '17:00', maxWorkMin: 480, status: 'active', skills: ['personal_care'] }}
          onFinish={(v) =>
            save.mutate({
              providerId: v.providerId,
              name: v.name,
              phone: v.phone || undefined,
              skills: v.skills,
              certificates: ((v.certificates ?? []) as Caregiver['certificates']).map((c) => ({
                kind: c.kind.trim(),
                number: opt(c.number),
                level: opt(c.level),
                issuedOn: c.issuedOn,
                expiresOn: opt(c.expiresOn) ?? null,
              })),
              trainingRecords: ((v.trainingRecords ?? []) as Caregiver['trainingRecords']).map((t) => ({
                course: t.course.trim(),
                hours: t.hours,
                completedOn: t.completedOn,
                organiser: opt(t.organiser),
              })),
              shiftStart: v.shiftStart,
              shiftEnd: v.shiftEnd,
              home: { lat: v.lat, lng: v.lng },
              maxWorkMin: v.maxWorkMin,
              status: v.status,
            })
          }
        >
          <Form.Item name="providerId" label={L('所属机构', 'Provider')} rules={[{ required: true }]}>
            <Select disabled={!!me?.providerId} options={(providers.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))} />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item name="name" label={L('姓名', 'Name')} rules={[{ required: true, whitespace: true }]} style={{ flex: 1 }}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item
              name="phone"
              label={L('手机', 'Phone')}
              rules={[{ pattern: /^1\d{10}$/, message: L('11 位手机号', '11-digit mobile') }]}
              style={{ flex: 1 }}
            >
              <Input maxLength={11} />
            </Form.Item>
          </Flex>
          <Form.Item
            name="skills"
            label={L('技能', 'Skills')}
            rules={[{ required: true, type: 'array', min: 1, message: L('至少一项技能', 'At least one skill') }]}
          >
            <Select mode="multiple" options={CAREGIVER_SKILLS.map((s) => ({ value: s, label: skillLabel(s) }))} />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item
              name="shiftStart"
              label={L('上班', 'Shift start')}
              rules={[{ required: true, pattern: HHMM, message: 'HH:MM' }]}
              style={{ flex: 1 }}
            >
              <Input placeholder="08:00" />
            </Form.Item>
            <Form.Item
              name="shiftEnd"
              label={L('下班', 'Shift end')}
              dependencies={['shiftStart']}
              style={{ flex: 1 }}
              rules={[
                { required: true, pattern: HHMM, message: 'HH:MM' },
                ({ getFieldValue }) => ({
                  validator: async (_, v?: string) => {
                    if (v && v <= getFieldValue('shiftStart')) throw new Error(L('须晚于上班时间', 'After the start'));
                  },
                }),
              ]}
            >
              <Input placeholder="17:00" />
            </Form.Item>
            <Form.Item name="maxWorkMin" label={L('日最长工时(分)', 'Max min/day')} style={{ flex: 1 }}>
              <InputNumber min={30} max={1440} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Flex>
          <Typography.Text type="secondary">{L('出发地(家庭住址坐标)', 'Home base (coordinates)')}</Typography.Text>
          <Flex gap={12}>
            <Form.Item name="lat" label={L('纬度', 'Latitude')} rules={[{ required: true }]} style={{ flex: 1 }}>
              <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="lng" label={L('经度', 'Longitude')} rules={[{ required: true }]} style={{ flex: 1 }}>
              <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} />
            </Form.Item>
          </Flex>
          <Form.Item name="status" label={L('状态', 'Status')}>
            <Select options={CAREGIVER_STATUSES.map((s) => ({ value: s, label: CAREGIVER_STATUS_LABELS[s] }))} />
          </Form.Item>
          <Divider titlePlacement="start" plain>
            {L('证书', 'Certificates')}
          </Divider>
          <Form.List name="certificates">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Flex key={f.key} gap={8} wrap align="start" data-testid={`cert-${f.name}`}>
                    <Form.Item
                      name={[f.name, 'kind']}
                      rules={[{ required: true, whitespace: true, message: L('证书名称', 'Kind') }]}
                      style={{ flex: '1 1 200px', marginBottom: 8 }}
                    >
                      <Select
                        showSearch
                        placeholder={L('证书名称', 'Certificate')}
                        options={CERT_KINDS.map((k) => ({ value: k, label: k }))}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'level']} style={{ flex: '1 1 120px', marginBottom: 8 }}>
                      <Select allowClear placeholder={L('等级', 'Level')} options={CERT_LEVELS.map((k) => ({ value: k, label: k }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'number']} style={{ flex: '1 1 140px', marginBottom: 8 }}>
                      <Input maxLength={60} placeholder={L('证书编号', 'Number')} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'issuedOn']}
                      rules={[{ required: true, pattern: ISO_DATE, message: 'YYYY-MM-DD' }]}
                      style={{ flex: '1 1 110px', marginBottom: 8 }}
                    >
                      <Input placeholder={L('发证日期', 'Issued')} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'expiresOn']}
                      rules={[{ pattern: ISO_DATE, message: 'YYYY-MM-DD' }]}
                      style={{ flex: '1 1 110px', marginBottom: 8 }}
                    >
                      <Input placeholder={L('有效期至(可空)', 'Expires (optional)')} />
                    </Form.Item>
                    <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={L('删除', 'Remove')} />
                  </Flex>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: CERT_KINDS[0] })} block data-testid="cert-add">
                  {L('添加证书', 'Add certificate')}
                </Button>
              </>
            )}
          </Form.List>
          <Divider titlePlacement="start" plain>
            {L('培训记录', 'Training records')}
          </Divider>
          <Form.List name="trainingRecords">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Flex key={f.key} gap={8} wrap align="start" data-testid={`training-${f.name}`}>
                    <Form.Item
                      name={[f.name, 'course']}
                      rules={[{ required: true, whitespace: true, message: L('课程名称', 'Course') }]}
                      style={{ flex: '2 1 200px', marginBottom: 8 }}
                    >
                      <Input maxLength={100} placeholder={L('课程名称', 'Course')} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'hours']}
                      rules={[{ required: true, message: L('学时', 'Hours') }]}
                      style={{ flex: '0 1 90px', marginBottom: 8 }}
                    >
                      <InputNumber min={0} max={1000} step={0.5} placeholder={L('学时', 'Hours')} style={{ width: '100%' }} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'completedOn']}
                      rules={[{ required: true, pattern: ISO_DATE, message: 'YYYY-MM-DD' }]}
                      style={{ flex: '1 1 110px', marginBottom: 8 }}
                    >
                      <Input placeholder={L('结业日期', 'Completed')} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'organiser']} style={{ flex: '1 1 160px', marginBottom: 8 }}>
                      <Input maxLength={100} placeholder={L('举办单位', 'Organiser')} />
                    </Form.Item>
                    <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={L('删除', 'Remove')} />
                  </Flex>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block data-testid="training-add">
                  {L('添加培训记录', 'Add training record')}
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </Drawer>
    </>
  );
}

export default function ProvidersPage() {
  const L = useL();
  const { me } = useAuth();
  const [tab, setTab] = useState(me?.providerId ? 'caregivers' : 'providers');
  const [providerId, setProviderId] = useState<string | undefined>(me?.providerId ?? undefined);
  return (
    <>
      <PageHeader title={L('服务机构与护理员', 'Providers and caregivers')} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'providers',
            label: L('服务机构', 'Providers'),
            children: (
              <ProviderList
                onPick={(id) => {
                  setProviderId(id);
                  setTab('caregivers');
                }}
              />
            ),
          },
          {
            key: 'caregivers',
            label: L('护理员', 'Caregivers'),
            children: <CaregiverList providerId={providerId} setProviderId={setProviderId} />,
          },
        ]}
      />
    </>
  );
}
