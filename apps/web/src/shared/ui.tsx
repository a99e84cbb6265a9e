import { DownloadOutlined, DownOutlined, EnvironmentOutlined, UpOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Form, type FormInstance, Grid, Result, Space, Tag, Typography } from 'antd';
import { Component, type ReactNode, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useI18n } from '../app/i18n';
import { useScope } from '../app/scope';
import { download, type QueryParams } from './api';
import { useShowError } from './errors';

/** Page title row: title, the current region scope, and the page's actions. */
export function PageHeader({
  title,
  extra,
  sub,
  showScope = true,
  back,
}: {
  title: ReactNode;
  extra?: ReactNode;
  sub?: ReactNode;
  showScope?: boolean;
  back?: string;
}) {
  const { t } = useI18n();
  const { scopeLabel } = useScope();
  const navigate = useNavigate();
  return (
    <Flex className="page-header" wrap justify="space-between" align="center" gap={8}>
      <Flex wrap align="center" gap={8} style={{ minWidth: 0 }}>
        {back && (
          <Button type="link" style={{ paddingInline: 0 }} onClick={() => navigate(back)}>
            ← {t('common.back')}
          </Button>
        )}
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {sub}
        {showScope && scopeLabel && (
          <Tag icon={<EnvironmentOutlined />} color="blue" data-testid="page-scope" title={t('common.scope')}>
            {scopeLabel}
          </Tag>
        )}
      </Flex>
      {extra && (
        <Space wrap size={8}>
          {extra}
        </Space>
      )}
    </Flex>
  );
}

/**
 * The ProTable habit: a query form above the list; the first fields always visible,
 * the rest behind 展开/收起. Fields are given as an array of Form.Item nodes.
 */
export function QueryForm<T extends object>({
  form,
  fields,
  visibleCount = 2,
  onSearch,
  onReset,
  initialValues,
  hiddenInUse = false,
}: {
  form: FormInstance<T>;
  fields: ReactNode[];
  visibleCount?: number;
  onSearch: (values: T) => void;
  onReset: () => void;
  initialValues?: Partial<T>;
  /** a filter behind 展开 is active: show it */
  hiddenInUse?: boolean;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(hiddenInUse);
  useEffect(() => {
    if (hiddenInUse) setOpen(true);
  }, [hiddenInUse]);
  const screens = Grid.useBreakpoint();
  const shown = open ? fields : fields.slice(0, visibleCount);
  return (
    <Card size="small" className="query-form">
      <Form<T>
        form={form}
        layout={screens.md ? 'inline' : 'vertical'}
        initialValues={initialValues}
        onFinish={onSearch}
        style={{ rowGap: 8 }}
      >
        {shown}
        <Form.Item style={{ marginInlineEnd: 0 }}>
          <Space wrap>
            <Button type="primary" htmlType="submit">
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                onReset();
              }}
            >
              {t('common.reset')}
            </Button>
            {fields.length > visibleCount && (
              <Button type="link" onClick={() => setOpen(!open)} icon={open ? <UpOutlined /> : <DownOutlined />} iconPlacement="end">
                {open ? t('common.collapse') : t('common.expand')}
              </Button>
            )}
          </Space>
        </Form.Item>
      </Form>
    </Card>
  );
}

/** 导出Excel: downloads the list behind the current query. */
export function ExportButton({ path, query, fileName }: { path: string; query: QueryParams; fileName: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={<DownloadOutlined />}
      loading={busy}
      onClick={async () => {
        setBusy(true);
        try {
          const name = await download(path, query, fileName);
          void message.success(t('common.exported', { name }));
        } catch (e) {
          showError(e);
        } finally {
          setBusy(false);
        }
      }}
    >
      {busy ? t('common.exporting') : t('common.export')}
    </Button>
  );
}

export function NotFound() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={t('common.notFound')}
      subTitle={t('common.notFoundHint')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('common.backHome')}
        </Button>
      }
    />
  );
}

export function Forbidden() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title={t('common.forbidden')}
      subTitle={t('common.forbiddenHint')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('common.backHome')}
        </Button>
      }
    />
  );
}

export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const msg = error instanceof Error ? error.message : String(error);
  return (
    <Result
      status="warning"
      title={t('common.loadFailed')}
      subTitle={msg}
      extra={onRetry && <Button onClick={onRetry}>{t('common.retry')}</Button>}
    />
  );
}

interface BoundaryState {
  error: Error | null;
}
/** Catches render errors in a page so the layout (menu, logout) keeps working. */
export class ErrorBoundary extends Component<{ children: ReactNode; title: string; hint: string; resetKey?: string }, BoundaryState> {
  override state: BoundaryState = { error: null };
  static getDerivedStateFromError(error: Error): BoundaryState {
    return { error };
  }
  override componentDidUpdate(prev: { resetKey?: string }) {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }
  override render() {
    if (this.state.error) {
      return <Result status="error" title={this.props.title} subTitle={`${this.props.hint} (${this.state.error.message})`} />;
    }
    return this.props.children;
  }
}
