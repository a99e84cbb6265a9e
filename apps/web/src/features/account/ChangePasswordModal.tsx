import { passwordProblems } from '@lq/contracts';
import { App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { api } from '../../shared/api';
import { applyFieldErrors, useShowError, validValues } from '../../shared/errors';

interface Values {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { me } = useAuth();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const showError = useShowError();

  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    setBusy(true);
    try {
      await api.post('/auth/password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
      void message.success(t('password.done'));
      form.resetFields();
      onClose();
    } catch (e) {
      if (!applyFieldErrors(form, e, ['currentPassword', 'newPassword'])) showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('password.title')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" requiredMark>
        <Form.Item
          name="currentPassword"
          label={t('password.current')}
          rules={[{ required: true, message: t('common.required', { field: t('password.current') }) }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          extra={t('password.rule')}
          rules={[
            { required: true, message: t('common.required', { field: t('password.new') }) },
            {
              validator: async (_, v: string | undefined) => {
                if (!v) return;
                const p = passwordProblems(v, { username: me?.username });
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
        <Form.Item
          name="repeat"
          label={t('password.repeat')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('common.required', { field: t('password.repeat') }) },
            ({ getFieldValue }) => ({
              validator: async (_, v: string | undefined) => {
                if (v && v !== getFieldValue('newPassword')) throw new Error(t('password.mismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
