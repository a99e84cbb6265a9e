import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Form, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { api } from '../../shared/api';
import { applyFieldErrors, useShowError } from '../../shared/errors';
import { PersonPicker } from '../../shared/PersonPicker';
import type { Household } from '../../shared/types';
import { PageHeader } from '../../shared/ui';
import { HOUSEHOLD_FIELDS, HouseholdFieldItems, type HouseholdFields, householdBody } from './HouseholdForm';

interface Values extends HouseholdFields {
  members?: { personId?: string; relation?: string }[];
}

export default function HouseholdCreatePage() {
  const { t, enumOptions } = useI18n();
  const { scopeCode } = useScope();
  const [sp] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const personId = sp.get('personId');

  const submit = async (v: Values) => {
    setBusy(true);
    try {
      const members = (v.members ?? [])
        .filter((m) => m.personId && m.relation)
        .map((m) => ({ personId: m.personId, relation: m.relation }));
      const h = await api.post<Household>('/households', { ...householdBody(v), members });
      void qc.invalidateQueries({ queryKey: ['households'] });
      void qc.invalidateQueries({ queryKey: ['people'] });
      void message.success(t('households.created'));
      navigate(`/households/${h.id}`);
    } catch (e) {
      if (!applyFieldErrors(form, e, HOUSEHOLD_FIELDS)) showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title={t('households.createTitle')} back="/households" />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        scrollToFirstError
        initialValues={{ residenceRegionCode: scopeCode, members: [{ personId: personId ?? undefined, relation: 'head' }] }}
      >
        <Card size="small" style={{ marginBottom: 12 }}>
          <HouseholdFieldItems />
        </Card>
        <Card size="small" title={t('households.members')} style={{ marginBottom: 12 }}>
          <Typography.Paragraph type="secondary">{t('households.membersHint')}</Typography.Paragraph>
          <Form.List name="members">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Flex key={f.key} gap={8} wrap align="flex-start">
                    <Form.Item
                      name={[f.name, 'personId']}
                      style={{ flex: '1 1 320px', minWidth: 0 }}
                      rules={[{ required: true, message: t('common.select', { field: t('households.person') }) }]}
                    >
                      <PersonPicker />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'relation']}
                      rules={[{ required: true, message: t('common.select', { field: t('households.relation') }) }]}
                    >
                      <Select style={{ width: 150 }} options={enumOptions('relation')} placeholder={t('households.relation')} />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('common.remove')} />
                  </Flex>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ relation: fields.length ? 'child' : 'head' })}>
                  {t('households.addMember')}
                </Button>
              </>
            )}
          </Form.List>
        </Card>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('common.save')}
          </Button>
          <Button onClick={() => navigate('/households')}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </>
  );
}
