import { parseIdNumber } from '@lq/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, List, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { ApiError, type ApiErrorDetail, api } from '../../shared/api';
import { applyFieldErrors, localise, useShowError } from '../../shared/errors';
import type { Person } from '../../shared/types';
import { PageHeader } from '../../shared/ui';
import { PERSON_FIELDS, PersonForm, type PersonFormValues, toBody } from './PersonForm';

/** A similar person from a POSSIBLE_DUPLICATE or ID_NUMBER_EXISTS error, whatever shape the detail has. */
interface Similar {
  id?: string;
  text: string;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

export function similarPeople(details: ApiErrorDetail[]): Similar[] {
  return details.map((d) => {
    const nested = (d.person ?? d.existing ?? null) as Record<string, unknown> | null;
    const src: Record<string, unknown> = nested && typeof nested === 'object' ? nested : d;
    // the server puts the similar person's id in `code` (UUID); other shapes are accepted too
    const uuid = typeof d.code === 'string' && /^[0-9a-f-]{36}$/i.test(d.code) ? d.code : undefined;
    const id = str(src.id) ?? str(src.personId) ?? uuid;
    const parts = [
      str(src.name),
      str(src.birthDate),
      str(src.idNumber),
      str(src.residenceRegionName) ?? str(src.residenceRegionCode),
    ].filter(Boolean);
    return { id, text: parts.length >= 2 ? parts.join(' · ') : localise(d.message) };
  });
}

export default function PersonCreatePage() {
  const { t } = useI18n();
  const { scopeCode, homeCode } = useScope();
  const [form] = Form.useForm<PersonFormValues>();
  const [busy, setBusy] = useState(false);
  const [duplicates, setDuplicates] = useState<{ message: string; people: Similar[] } | null>(null);
  const [existing, setExisting] = useState<Similar | null>(null);
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();

  const submit = async (v: PersonFormValues, confirmDuplicate = false) => {
    setBusy(true);
    setExisting(null);
    try {
      const parsed = parseIdNumber(v.idNumber ?? '');
      const body = {
        ...toBody(v, false),
        idNumber: parsed.ok ? parsed.idNumber : (v.idNumber ?? '').trim(),
        ...(confirmDuplicate ? { confirmDuplicate: true } : {}),
      };
      const p = await api.post<Person>('/people', body);
      setDuplicates(null);
      void qc.invalidateQueries({ queryKey: ['people'] });
      void message.success(t('people.created', { name: p.name }));
      navigate(`/people/${p.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'POSSIBLE_DUPLICATE') {
        setDuplicates({ message: e.message, people: similarPeople(e.details) });
        window.scrollTo({ top: 0, behavior: 'smooth' });
      } else if (e instanceof ApiError && e.code === 'ID_NUMBER_EXISTS') {
        form.setFields([{ name: 'idNumber', errors: [e.message || t('people.idExists')] }]);
        form.scrollToField('idNumber', { block: 'center' });
        const s = similarPeople(e.details).find((x) => x.id);
        setExisting(s ?? null);
      } else if (!applyFieldErrors(form, e, PERSON_FIELDS)) {
        showError(e);
      }
    } finally {
      setBusy(false);
    }
  };

  const top = (
    <>
      {duplicates && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="duplicate-warning"
          title={t('people.duplicateTitle')}
          description={
            <>
              <Typography.Paragraph style={{ marginBottom: 8 }}>{duplicates.message}</Typography.Paragraph>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                {t('people.duplicateHint')}
              </Typography.Paragraph>
              <List
                size="small"
                dataSource={duplicates.people}
                renderItem={(s) => (
                  <List.Item>
                    {s.id ? (
                      <Link to={`/people/${s.id}`} target="_blank">
                        {s.text}
                      </Link>
                    ) : (
                      s.text
                    )}
                  </List.Item>
                )}
              />
              <Button
                style={{ marginTop: 8 }}
                type="primary"
                danger
                loading={busy}
                onClick={() => void submit(form.getFieldsValue(true), true)}
              >
                {t('people.duplicateConfirm')}
              </Button>
            </>
          }
        />
      )}
      {existing?.id && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('people.idExists')}
          action={<Link to={`/people/${existing.id}`}>{t('people.openExisting')}</Link>}
        />
      )}
    </>
  );

  return (
    <>
      <PageHeader title={t('people.createTitle')} back="/people" />
      <PersonForm
        form={form}
        mode="create"
        initialValues={{ name: '', residenceRegionCode: scopeCode ?? (homeCode && homeCode.length > 6 ? homeCode : null), tags: [] }}
        onFinish={(v) => void submit(v)}
        submitting={busy}
        top={top}
        submitText={t('common.save')}
        onCancel={() => navigate('/people')}
      />
    </>
  );
}
