import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { useI18n } from '../app/i18n';
import { ApiError, getApiLanguage } from './api';

/** Server and contract messages are sometimes bilingual ("中文 / English"): keep the chosen language. */
export function localise(msg: string): string {
  const i = msg.indexOf(' / ');
  if (i < 0) return msg;
  const zh = msg.slice(0, i);
  const en = msg.slice(i + 3);
  if (!/[\u4e00-\u9fff]/.test(zh)) return msg;
  return getApiLanguage() === 'en' ? en : zh;
}

/**
 * Validate a form for a modal's OK button: the values, or null when a field is invalid
 * (the reasons are already shown under the fields; the rejection must not go unhandled).
 */
export async function validValues<T>(form: FormInstance<T>): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch {
    return null;
  }
}

/** Put server-side field errors (details[].field) under the matching form fields. Returns true if any matched. */
export function applyFieldErrors(form: FormInstance, err: unknown, knownFields?: readonly string[]): boolean {
  if (!(err instanceof ApiError)) return false;
  const byField = new Map<string, string[]>();
  for (const d of err.details) {
    if (!d.field) continue;
    const name = d.field.split(/[.[]/)[0];
    if (knownFields && !knownFields.includes(name)) continue;
    byField.set(name, [...(byField.get(name) ?? []), localise(d.message)]);
  }
  if (!byField.size) return false;
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  const first = byField.keys().next().value;
  if (first) form.scrollToField(first, { block: 'center' });
  return true;
}

/** Show an error the way staff expect: what happened (server message, in the chosen language) and the request id. */
export function useShowError() {
  const { message } = App.useApp();
  const { t } = useI18n();
  return useCallback(
    (err: unknown, fallback?: string) => {
      if (err instanceof DOMException && err.name === 'AbortError') return;
      if (err instanceof ApiError) {
        // a 401 is handled globally (back to the login page)
        if (err.status === 401) return;
        const extra = err.details.filter((d) => !d.field && d.message && d.message !== err.message).map((d) => localise(d.message));
        const text = [localise(err.message), ...extra.slice(0, 3)].join(';');
        void message.error({ content: err.requestId ? `${text}(${t('error.requestId', { id: err.requestId })})` : text, duration: 6 });
        return;
      }
      void message.error(fallback ?? t('error.generic'));
    },
    [message, t],
  );
}
