import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { CAREGIVER_SKILLS, MENU_CATEGORIES, type MenuItemVersionCreate } from '@lq/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, DatePicker, Drawer, Flex, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useAuth } from '../../app/auth';
import { can } from '../../app/permissions';
import { api } from '../../shared/api';
import { applyFieldErrors, useShowError } from '../../shared/errors';
import { LoadError, PageHeader } from '../../shared/ui';
import { EC, ecApi, type MenuItemVersion } from './api';
import { skillLabel, todayCn, useL, Yuan, yuanToFen } from './common';

interface Values {
  code: string;
  nameZh: string;
  category: MenuItemVersionCreate['category'];
  description?: string;
  standardDurationMin: number;
  requiredSkill: MenuItemVersionCreate['requiredSkill'];
  priceYuan: string;
  unit: 'visit' | 'hour' | 'meal';
  checklist: { label: string; required: boolean }[];
  validFrom: Dayjs;
  validTo?: Dayjs | null;
}
const UNIT_LABELS = { visit: '次', hour: '小时', meal: '餐' } as const;

function Versions({ code }: { code: string }) {
  const L = useL();
  const q = useQuery({ queryKey: ['ec', 'menu', 'versions', code], queryFn: () => ecApi.menuVersions(code) });
  return (
    <Table<MenuItemVersion>
      size="small"
      rowKey="id"
      loading={q.isLoading}
      dataSource={q.data?.items}
      pagination={false}
      columns={[
        { title: L('版本', 'Version'), dataIndex: 'version', render: (v: number) => `v${v}` },
        { title: L('生效', 'From'), dataIndex: 'validFrom' },
        { title: L('失效', 'To'), dataIndex: 'validTo', render: (v: string | null) => v ?? L('长期', 'open') },
        { title: L('单价', 'Price'), dataIndex: 'priceFen', render: (f: number) => <Yuan fen={f} /> },
        { title: L('标准时长', 'Duration'), dataIndex: 'standardDurationMin', render: (m: number) => `${m} 分钟` },
        {
          title: L('服务清单', 'Checklist'),
          dataIndex: 'checklist',
          render: (c: MenuItemVersion['checklist']) => c.map((x) => x.label).join('、'),
        },
      ]}
    />
  );
}

export default function MenuPage() {
  const L = useL();
  const { me } = useAuth();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [on, setOn] = useState(todayCn());
  const [editing, setEditing] = useState<MenuItemVersion | 'new' | null>(null);
  const [form] = Form.useForm<Values>();
  const canWrite = can(me?.roles, 'elderly.menu.write');
  const { data, isFetching, error, refetch } = useQuery({ queryKey: ['ec', 'menu', on], queryFn: () => ecApi.menu(on) });

  const save = useMutation({
    mutationFn: (body: MenuItemVersionCreate) => api.post<MenuItemVersion>(`${EC}/menu-items`, body),
    onSuccess: (m) => {
      void message.success(L(`已保存 ${m.nameZh} v${m.version}`, `Saved ${m.nameZh} v${m.version}`));
      void qc.invalidateQueries({ queryKey: ['ec', 'menu'] });
      setEditing(null);
    },
    onError: (e) => {
      if (
        !applyFieldErrors(form, e, [
          'code',
          'nameZh',
          'category',
          'standardDurationMin',
          'requiredSkill',
          'checklist',
          'validFrom',
          'validTo',
        ])
      )
        showError(e);
    },
  });

  const open = (m: MenuItemVersion | 'new') => {
    setEditing(m);
    form.resetFields();
    if (m !== 'new') {
      form.setFieldsValue({
        code: m.code,
        nameZh: m.nameZh,
        category: m.category,
        description: m.description,
        standardDurationMin: m.standardDurationMin,
        requiredSkill: m.requiredSkill,
        priceYuan: (m.priceFen / 100).toFixed(2),
        unit: m.unit,
        checklist: m.checklist.map((c) => ({ label: c.label, required: c.required })),
        validFrom: dayjs().add(1, 'day'),
        validTo: null,
      });
    }
  };

  const submit = (v: Values) => {
    save.mutate({
      code: v.code.trim().toUpperCase(),
      nameZh: v.nameZh.trim(),
      category: v.category,
      description: v.description || undefined,
      standardDurationMin: v.standardDurationMin,
      requiredSkill: v.requiredSkill,
      priceFen: yuanToFen(v.priceYuan) ?? 0,
      unit: v.unit,
      checklist: (v.checklist ?? []).map((c, i) => ({ key: `c${i + 1}`, label: c.label.trim(), required: !!c.required })),
      validFrom: v.validFrom.format('YYYY-MM-DD'),
      validTo: v.validTo ? v.validTo.format('YYYY-MM-DD') : null,
    });
  };

  return (
    <>
      <PageHeader
        title={L('服务菜单', 'Service menu')}
        extra={
          <>
            <span>{L('生效日期', 'In force on')}</span>
            <DatePicker value={dayjs(on)} allowClear={false} onChange={(d) => d && setOn(d.format('YYYY-MM-DD'))} />
            {canWrite && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="menu-new">
                {L('新增服务项目', 'New item')}
              </Button>
            )}
          </>
        }
      />
      {error ? (
        <LoadError error={error} onRetry={() => void refetch()} />
      ) : (
        <Table<MenuItemVersion>
          rowKey="id"
          size="middle"
          loading={isFetching}
          dataSource={data?.items}
          pagination={false}
          scroll={{ x: 1000 }}
          expandable={{ expandedRowRender: (m) => <Versions code={m.code} />, columnTitle: L('历史', 'History') }}
          columns={[
            { title: L('编码', 'Code'), dataIndex: 'code', width: 100, render: (c: string) => <span className="mono">{c}</span> },
            { title: L('名称', 'Name'), dataIndex: 'nameZh', width: 140 },
            { title: L('类别', 'Category'), dataIndex: 'category', width: 100, render: (c: string) => <Tag>{c}</Tag> },
            { title: L('标准时长', 'Duration'), dataIndex: 'standardDurationMin', width: 100, render: (m: number) => `${m} 分钟` },
            { title: L('所需技能', 'Skill'), dataIndex: 'requiredSkill', width: 130, render: skillLabel },
            {
              title: L('单价(元)', 'Price (yuan)'),
              dataIndex: 'priceFen',
              width: 110,
              render: (f: number, m) => (
                <span>
                  <Yuan fen={f} />/{UNIT_LABELS[m.unit] ?? m.unit}
                </span>
              ),
            },
            {
              title: L('服务清单', 'Checklist'),
              dataIndex: 'checklist',
              render: (c: MenuItemVersion['checklist']) => c.map((x) => x.label).join('、'),
            },
            { title: L('版本', 'Version'), width: 150, render: (_, m) => `v${m.version} · ${m.validFrom} 起` },
            ...(canWrite
              ? [
                  {
                    title: L('操作', 'Actions'),
                    width: 100,
                    render: (_: unknown, m: MenuItemVersion) => (
                      <Button type="link" onClick={() => open(m)}>
                        {L('调整(新版本)', 'New version')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      <Drawer
        open={!!editing}
        onClose={() => setEditing(null)}
        size={560}
        title={editing === 'new' ? L('新增服务项目', 'New menu item') : L(`调整 ${editing?.nameZh ?? ''}:生成新版本`, 'New version')}
        extra={
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="menu-save">
            {L('保存', 'Save')}
          </Button>
        }
        destroyOnHidden={false}
        forceRender
      >
        {editing && editing !== 'new' && (
          <Typography.Paragraph type="secondary">
            {L(
              '已下单的工单仍按原版本结算;新版本自生效日起用于新工单。',
              'Existing orders keep their version; the new version applies from its start date.',
            )}
          </Typography.Paragraph>
        )}
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{
            unit: 'visit',
            standardDurationMin: 60,
            checklist: [{ label: '', required: true }],
            validFrom: dayjs(),
            category: '助洁',
          }}
        >
          <Flex gap={12}>
            <Form.Item
              name="code"
              label={L('编码', 'Code')}
              style={{ flex: 1 }}
              normalize={(v: string) => v?.toUpperCase()}
              rules={[
                { required: true, message: L('请填写编码', 'Enter a code') },
                { pattern: /^[A-Z0-9-]{2,20}$/, message: L('编码为 2-20 位大写字母、数字或 -', '2-20 of A-Z 0-9 -') },
              ]}
            >
              <Input disabled={!!editing && editing !== 'new'} placeholder="ZJ-02" data-testid="menu-code" />
            </Form.Item>
            <Form.Item
              name="nameZh"
              label={L('名称', 'Name')}
              style={{ flex: 2 }}
              rules={[{ required: true, whitespace: true, message: L('请填写名称', 'Enter a name') }]}
            >
              <Input maxLength={60} data-testid="menu-name" />
            </Form.Item>
          </Flex>
          <Flex gap={12}>
            <Form.Item name="category" label={L('类别', 'Category')} rules={[{ required: true }]} style={{ flex: 1 }}>
              <Select options={MENU_CATEGORIES.map((c) => ({ value: c, label: c }))} />
            </Form.Item>
            <Form.Item
              name="requiredSkill"
              label={L('所需技能', 'Skill')}
              rules={[{ required: true, message: L('请选择技能', 'Pick a skill') }]}
              style={{ flex: 1 }}
            >
              <Select options={CAREGIVER_SKILLS.map((s) => ({ value: s, label: skillLabel(s) }))} data-testid="menu-skill" />
            </Form.Item>
          </Flex>
          <Flex gap={12}>
            <Form.Item
              name="standardDurationMin"
              label={L('标准时长(分钟)', 'Standard minutes')}
              rules={[{ required: true, type: 'integer', min: 5, max: 1440, message: L('5-1440 分钟', '5-1440 minutes') }]}
              style={{ flex: 1 }}
            >
              <InputNumber min={5} max={1440} precision={0} style={{ width: '100%' }} data-testid="menu-duration" />
            </Form.Item>
            <Form.Item
              name="priceYuan"
              label={L('单价(元)', 'Price (yuan)')}
              style={{ flex: 1 }}
              rules={[
                { required: true, message: L('请填写单价', 'Enter a price') },
                { pattern: /^\d+(\.\d{1,2})?$/, message: L('金额最多两位小数', 'At most 2 decimals') },
              ]}
            >
              <Input prefix="¥" inputMode="decimal" data-testid="menu-price" />
            </Form.Item>
            <Form.Item name="unit" label={L('计价单位', 'Unit')} style={{ flex: 1 }}>
              <Select options={Object.entries(UNIT_LABELS).map(([value, label]) => ({ value, label: `每${label}` }))} />
            </Form.Item>
          </Flex>
          <Form.Item name="description" label={L('服务标准说明', 'Description')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          <Typography.Text strong>{L('服务清单(护理员逐项打勾)', 'Checklist')}</Typography.Text>
          <Form.List name="checklist">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Flex key={f.key} gap={8} align="baseline">
                    <span>{i + 1}.</span>
                    <Form.Item
                      name={[f.name, 'label']}
                      style={{ flex: 1, marginBottom: 8 }}
                      rules={[{ required: true, whitespace: true, message: L('请填写清单内容', 'Enter the step') }]}
                    >
                      <Input maxLength={100} data-testid={`menu-check-${i}`} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'required']} valuePropName="checked" style={{ marginBottom: 8 }}>
                      <Checkbox>{L('必做', 'Required')}</Checkbox>
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} />
                  </Flex>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ label: '', required: true })}
                  block
                  data-testid="menu-check-add"
                >
                  {L('添加一项', 'Add a step')}
                </Button>
              </>
            )}
          </Form.List>
          <Space style={{ marginTop: 16 }} wrap>
            <Form.Item name="validFrom" label={L('生效日期', 'Valid from')} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item
              name="validTo"
              label={L('失效日期(可空)', 'Valid to (optional)')}
              dependencies={['validFrom']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: async (_, v?: Dayjs | null) => {
                    const f = getFieldValue('validFrom') as Dayjs | undefined;
                    if (v && f && v.isBefore(f, 'day')) throw new Error(L('不得早于生效日期', 'Not before the start'));
                  },
                }),
              ]}
            >
              <DatePicker />
            </Form.Item>
          </Space>
        </Form>
      </Drawer>
    </>
  );
}
