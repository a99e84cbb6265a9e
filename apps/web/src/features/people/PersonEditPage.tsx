import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Skeleton } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useI18n } from '../../app/i18n';
import { ApiError, api } from '../../shared/api';
import { applyFieldErrors, useShowError } from '../../shared/errors';
import type { Person } from '../../shared/types';
import { LoadError, PageHeader } from '../../shared/ui';
import { fromPerson, PERSON_FIELDS, type PersonBody, PersonForm, type PersonFormValues, toBody } from './PersonForm';

export default function PersonEditPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<PersonFormValues>();
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState(false);
  const {
    data: p,
    isLoading,
    error,
    refetch,
  } = useQuery({
    queryKey: ['people', id],
    queryFn: () => api.get<Person>(`/people/${id}`),
    staleTime: 0,
  });
  const initial = useMemo(() => (p ? fromPerson(p, (s) => dayjs(s)) : undefined), [p]);

  useEffect(() => {
    if (initial) form.setFieldsValue(initial);
  }, [form, initial]);

  if (isLoading) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (error || !p || !initial) return <LoadError error={error} onRetry={() => void refetch()} />;

  const submit = async (v: PersonFormValues) => {
    const before = toBody(initial, true);
    const after = toBody(v, true);
    const patch: Partial<PersonBody> & { version: number } = { version: p.version };
    for (const k of Object.keys(after) as (keyof PersonBody)[]) {
      if (k === 'phone') continue;
      if (JSON.stringify(after[k]) !== JSON.stringify(before[k])) (patch as Record<string, unknown>)[k] = after[k];
    }
    if (after.phone) patch.phone = after.phone;
    if (Object.keys(patch).length === 1) {
      void message.info(t('people.noChanges'));
      return;
    }
    setBusy(true);
    try {
      const updated = await api.patch<Person>(`/people/${p.id}`, patch);
      qc.setQueryData(['people', p.id], updated);
      void qc.invalidateQueries({ queryKey: ['people'] });
      void message.success(t('common.saved'));
      navigate(`/people/${p.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') setConflict(true);
      else if (!applyFieldErrors(form, e, PERSON_FIELDS)) showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title={`${t('people.editTitle')} · ${p.name}`} back={`/people/${p.id}`} />
      <PersonForm
        form={form}
        mode="edit"
        initialValues={initial}
        maskedPhone={p.phone}
        maskedId={p.idNumber}
        onFinish={(v) => void submit(v)}
        submitting={busy}
        submitText={t('common.save')}
        onCancel={() => navigate(`/people/${p.id}`)}
        top={
          conflict && (
            <Alert
              type="error"
              showIcon
              data-testid="version-conflict"
              style={{ marginBottom: 12 }}
              title={t('people.versionConflictTitle')}
              description={t('people.versionConflict')}
              action={
                <Button
                  onClick={async () => {
                    const r = await refetch();
                    if (r.data) form.setFieldsValue(fromPerson(r.data, (s) => dayjs(s)));
                    setConflict(false);
                  }}
                >
                  {t('common.reload')}
                </Button>
              }
            />
          )
        }
      />
    </>
  );
}
