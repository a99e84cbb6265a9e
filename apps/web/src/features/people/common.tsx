import { EyeOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../app/i18n';
import { api } from '../../shared/api';
import { applyFieldErrors, useShowError, validValues } from '../../shared/errors';

export function PersonTags({ tags, deathDate }: { tags: string[]; deathDate?: string | null }) {
  const { t, tagLabel } = useI18n();
  return (
    <Space size={[4, 4]} wrap>
      {deathDate && <Tag color="default">{t('people.deceased')}</Tag>}
      {tags.map((tag) => (
        <Tag key={tag} color={TAG_COLORS[tag] ?? 'blue'}>
          {tagLabel(tag)}
        </Tag>
      ))}
    </Space>
  );
}

const TAG_COLORS: Record<string, string> = {
  高龄: 'purple',
  失能: 'magenta',
  独居: 'orange',
  留守: 'gold',
  困境: 'red',
  低保: 'cyan',
  特困: 'volcano',
  低保边缘: 'geekblue',
  残疾: 'lime',
  重病: 'red',
};

/**
 * A masked value with a 查看 button: asks for a purpose, calls /reveal (which is audited)
 * and shows the full value in place.
 */
export function RevealField({ personId, field, masked }: { personId: string; field: 'idNumber' | 'phone'; masked: string | null }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [value, setValue] = useState<string | null>(null);
  const [form] = Form.useForm<{ purpose: string }>();
  const label = field === 'idNumber' ? t('people.idNumber') : t('people.phone');

  if (!masked) return <Typography.Text type="secondary">—</Typography.Text>;
  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    setBusy(true);
    try {
      const r = await api.post<{ field: string; value: string | null }>(`/people/${personId}/reveal`, { field, purpose: v.purpose.trim() });
      setValue(r.value ?? '');
      setOpen(false);
      form.resetFields();
    } catch (e) {
      if (!applyFieldErrors(form, e, ['purpose'])) showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space size={4} wrap>
      <Typography.Text
        className="mono"
        copyable={value ? { text: value, onCopy: () => void message.success('OK') } : false}
        data-testid={`${field}-value`}
      >
        {value ?? masked}
      </Typography.Text>
      {!value && (
        <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => setOpen(true)} data-testid={`reveal-${field}`}>
          {t('people.reveal')}
        </Button>
      )}
      <Modal
        open={open}
        title={t('people.revealTitle', { field: label })}
        onCancel={() => setOpen(false)}
        onOk={submit}
        confirmLoading={busy}
        okText={t('common.view')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('people.revealPurposeHint')}</Typography.Paragraph>
        <Form form={form} layout="vertical">
          <Form.Item
            name="purpose"
            label={t('people.revealPurpose')}
            rules={[
              { required: true, message: t('people.revealPurposeShort') },
              {
                validator: async (_, v: string | undefined) => {
                  if (v && v.trim().length < 2) throw new Error(t('people.revealPurposeShort'));
                },
              },
            ]}
          >
            <Input.TextArea rows={2} maxLength={200} showCount autoFocus />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
