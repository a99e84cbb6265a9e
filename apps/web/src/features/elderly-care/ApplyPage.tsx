import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { APPLICATION_CHANNEL_LABELS, APPLICATION_CHANNELS, type ApplicationCreate } from '@lq/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, DatePicker, Flex, Form, Input, Radio, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate, useSearchParams } from 'react-router';
import { useAuth } from '../../app/auth';
import { useScope } from '../../app/scope';
import { api } from '../../shared/api';
import { applyFieldErrors, useShowError } from '../../shared/errors';
import { PersonPicker } from '../../shared/PersonPicker';
import { PageHeader } from '../../shared/ui';
import { EC, ecApi, type OrderView } from './api';
import { fenToYuan, useL } from './common';
import { WEEKDAY_OPTIONS } from './format';

interface ItemValues {
  itemCode?: string;
  kind: 'once' | 'weekly';
  date?: Dayjs;
  weekdays?: number[];
  startDate?: Dayjs;
  windowStart?: string;
  windowEnd?: string;
}
interface Values {
  personId?: string;
  channel: ApplicationCreate['channel'];
  items: ItemValues[];
  preferredProviderId?: string;
  contactPhone?: string;
  note?: string;
}

const TIMES = Array.from({ length: 27 }, (_, i) => {
  const m = 7 * 60 + i * 30;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
});

export default function ApplyPage() {
  const L = useL();
  const { me } = useAuth();
  const { scopeCode } = useScope();
  const [sp] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const menu = useQuery({ queryKey: ['ec', 'menu', 'current'], queryFn: () => ecApi.menu() });
  const providers = useQuery({ queryKey: ['ec', 'providers'], queryFn: () => ecApi.providers() });

  const roles = me?.roles ?? [];
  const defaultChannel: Values['channel'] = roles.includes('village_worker')
    ? 'village_worker'
    : roles.includes('provider_staff')
      ? 'provider'
      : 'township';

  const save = useMutation({
    mutationFn: (v: { body: ApplicationCreate }) => api.post<OrderView>(`${EC}/orders`, v.body),
    onSuccess: (o) => {
      void qc.invalidateQueries({ queryKey: ['ec', 'orders'] });
      void message.success(L(`已提交申请 ${o.number}`, `Submitted ${o.number}`));
      navigate(`/elderly/orders/${o.id}`);
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e, ['personId', 'channel', 'items', 'contactPhone', 'note'])) showError(e);
    },
  });

  const submit = (v: Values, submitNow: boolean) => {
    const body: ApplicationCreate = {
      personId: v.personId ?? '',
      channel: v.channel,
      submit: submitNow,
      preferredProviderId: v.preferredProviderId || undefined,
      contactPhone: v.contactPhone || undefined,
      note: v.note || undefined,
      items: v.items.map((i) => ({
        itemCode: i.itemCode ?? '',
        frequency:
          i.kind === 'once'
            ? { kind: 'once' as const, date: (i.date ?? dayjs()).format('YYYY-MM-DD') }
            : {
                kind: 'weekly' as const,
                weekdays: i.weekdays ?? [],
                startDate: (i.startDate ?? dayjs()).format('YYYY-MM-DD'),
                endDate: null,
              },
        windowStart: i.windowStart || undefined,
        windowEnd: i.windowEnd || undefined,
      })),
    };
    save.mutate({ body });
  };

  const menuOptions = (menu.data?.items ?? []).map((m) => ({
    value: m.code,
    label: `${m.nameZh}(${m.standardDurationMin} 分钟,¥${fenToYuan(m.priceFen)})`,
  }));

  return (
    <>
      <PageHeader title={L('代为申请养老服务', 'Apply for elderly-care services')} back="/elderly/orders" />
      <Card>
        <Form<Values>
          form={form}
          layout="vertical"
          style={{ maxWidth: 760 }}
          initialValues={{
            personId: sp.get('personId') ?? undefined,
            channel: defaultChannel,
            items: [{ kind: 'weekly', weekdays: [2, 5], startDate: dayjs().add(1, 'day'), windowStart: '08:00', windowEnd: '10:00' }],
          }}
          onFinish={(v) => submit(v, true)}
          scrollToFirstError
        >
          <Form.Item
            name="personId"
            label={L('老人(从居民档案中选择)', 'Elder (from the registry)')}
            rules={[{ required: true, message: L('请搜索并选择老人', 'Search and pick the elder') }]}
            extra={L('输入姓名、拼音首字母或身份证号后几位', 'Type a name, pinyin initials or the last ID digits')}
          >
            <PersonPicker regionCode={scopeCode} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="channel" label={L('申请渠道', 'Channel')} rules={[{ required: true }]}>
            <Select
              options={APPLICATION_CHANNELS.map((c) => ({ value: c, label: APPLICATION_CHANNEL_LABELS[c] }))}
              style={{ width: 220 }}
            />
          </Form.Item>
          <Typography.Title level={5}>{L('申请的服务项目', 'Services applied for')}</Typography.Title>
          <Form.List
            name="items"
            rules={[
              {
                validator: async (_, items: unknown[]) => {
                  if (!items?.length) throw new Error(L('至少选择一个服务项目', 'Add at least one service'));
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((f) => (
                  <Card key={f.key} size="small" style={{ marginBottom: 12 }} data-testid="apply-item">
                    <Flex wrap gap={12} align="flex-start">
                      <Form.Item
                        name={[f.name, 'itemCode']}
                        label={L('服务项目', 'Service')}
                        rules={[{ required: true, message: L('请选择服务项目', 'Pick a service') }]}
                        style={{ minWidth: 260, flex: '1 1 260px' }}
                      >
                        <Select
                          options={menuOptions}
                          loading={menu.isLoading}
                          showSearch={{ optionFilterProp: 'label' }}
                          data-testid="apply-item-select"
                        />
                      </Form.Item>
                      <Form.Item name={[f.name, 'kind']} label={L('频次', 'Frequency')}>
                        <Radio.Group
                          options={[
                            { value: 'once', label: L('一次', 'Once') },
                            { value: 'weekly', label: L('每周', 'Weekly') },
                          ]}
                          optionType="button"
                        />
                      </Form.Item>
                      {fields.length > 1 && (
                        <Button type="text" danger icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} style={{ marginTop: 30 }}>
                          {L('移除', 'Remove')}
                        </Button>
                      )}
                    </Flex>
                    <Form.Item noStyle shouldUpdate>
                      {() =>
                        form.getFieldValue(['items', f.name, 'kind']) === 'once' ? (
                          <Form.Item
                            name={[f.name, 'date']}
                            label={L('服务日期', 'Date')}
                            rules={[{ required: true, message: L('请选择日期', 'Pick a date') }]}
                          >
                            <DatePicker />
                          </Form.Item>
                        ) : (
                          <Flex wrap gap={12}>
                            <Form.Item
                              name={[f.name, 'weekdays']}
                              label={L('每周哪几天', 'Weekdays')}
                              rules={[{ required: true, type: 'array', min: 1, message: L('至少选择一天', 'Pick at least one day') }]}
                            >
                              <Checkbox.Group options={WEEKDAY_OPTIONS} />
                            </Form.Item>
                            <Form.Item name={[f.name, 'startDate']} label={L('开始日期', 'Start')} rules={[{ required: true }]}>
                              <DatePicker />
                            </Form.Item>
                          </Flex>
                        )
                      }
                    </Form.Item>
                    <Space wrap>
                      <Form.Item name={[f.name, 'windowStart']} label={L('希望开始时间(最早)', 'Window start')}>
                        <Select allowClear style={{ width: 120 }} options={TIMES.map((t) => ({ value: t, label: t }))} />
                      </Form.Item>
                      <Form.Item
                        name={[f.name, 'windowEnd']}
                        label={L('希望开始时间(最晚)', 'Window end')}
                        dependencies={[['items', f.name, 'windowStart']]}
                        rules={[
                          ({ getFieldValue }) => ({
                            validator: async (_, v?: string) => {
                              const s = getFieldValue(['items', f.name, 'windowStart']) as string | undefined;
                              if (v && s && v <= s) throw new Error(L('须晚于最早时间', 'Must be after the start'));
                            },
                          }),
                        ]}
                      >
                        <Select allowClear style={{ width: 120 }} options={TIMES.map((t) => ({ value: t, label: t }))} />
                      </Form.Item>
                    </Space>
                  </Card>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({ kind: 'weekly', weekdays: [3], startDate: dayjs().add(1, 'day') })}>
                  {L('再加一项服务', 'Add a service')}
                </Button>
                <Form.ErrorList errors={errors} />
              </>
            )}
          </Form.List>
          <Form.Item name="preferredProviderId" label={L('意向服务机构(可选)', 'Preferred provider (optional)')} style={{ marginTop: 16 }}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={(providers.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
            />
          </Form.Item>
          <Form.Item
            name="contactPhone"
            label={L('联系电话', 'Contact phone')}
            rules={[
              { pattern: /^(1\d{10}|0\d{2,3}-?\d{7,8})$/, message: L('请输入 11 位手机号或座机号', 'Enter a mobile or landline number') },
            ]}
          >
            <Input style={{ width: 220 }} inputMode="tel" />
          </Form.Item>
          <Form.Item name="note" label={L('情况说明', 'Note')} rules={[{ max: 1000 }]}>
            <Input.TextArea rows={3} showCount maxLength={1000} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="apply-submit">
              {L('提交申请', 'Submit')}
            </Button>
            <Button
              disabled={save.isPending}
              onClick={() =>
                form.validateFields().then(
                  (v) => submit(v, false),
                  () => undefined,
                )
              }
            >
              {L('存为草稿', 'Save draft')}
            </Button>
          </Space>
        </Form>
      </Card>
    </>
  );
}
