/**
 * 护理员手机页 (390x844): today's route in visit order, big 签到 / 签退 buttons, the checklist,
 * a note and a photo, elder/family confirmation. Works offline: events that cannot be sent wait
 * in a local queue (待上传) and go out when the network is back.
 */
import { CameraOutlined, CloudUploadOutlined, EnvironmentOutlined, LogoutOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Empty, Flex, Input, Radio, Rate, Spin, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useAuth } from '../../app/auth';
import { ApiError } from '../../shared/api';
import { api, EC, ecApi, type MenuItemVersion, type RouteStop } from './api';
import { hhmm, todayCn, useL, VisitStatusTag } from './common';
import './care.css';
import { flushQueue, isNetworkError, loadQueue, type QueuedEvent, type QueuedKind, saveQueue, sendEvent, uuid } from './offlineQueue';

interface Fix {
  lat: number;
  lng: number;
  accuracyM?: number;
}

function getPosition(timeoutMs = 6000): Promise<Fix | null> {
  if (!('geolocation' in navigator)) return Promise.resolve(null);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs + 500);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        clearTimeout(timer);
        resolve({ lat: p.coords.latitude, lng: p.coords.longitude, accuracyM: Math.min(100_000, Math.round(p.coords.accuracy)) });
      },
      () => {
        clearTimeout(timer);
        resolve(null);
      },
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}

/** Shrinks a camera photo to at most 800 px and ~300 kB as a JPEG data URL. */
async function shrinkPhoto(file: File): Promise<string> {
  const url = URL.createObjectURL(file);
  try {
    const img = await new Promise<HTMLImageElement>((resolve, reject) => {
      const i = new Image();
      i.onload = () => resolve(i);
      i.onerror = () => reject(new Error('image'));
      i.src = url;
    });
    let max = 800;
    for (let q = 0.7; ; q -= 0.15) {
      const scale = Math.min(1, max / Math.max(img.width, img.height));
      const c = document.createElement('canvas');
      c.width = Math.max(1, Math.round(img.width * scale));
      c.height = Math.max(1, Math.round(img.height * scale));
      c.getContext('2d')?.drawImage(img, 0, 0, c.width, c.height);
      const data = c.toDataURL('image/jpeg', Math.max(0.3, q));
      if (data.length < 380_000 || q < 0.35) return data;
      max = Math.round(max * 0.75);
    }
  } finally {
    URL.revokeObjectURL(url);
  }
}

const NEXT_STATUS: Record<QueuedKind, string> = { check_in: 'checked_in', check_out: 'checked_out', confirm: 'confirmed' };

function VisitCard({
  v,
  index,
  pending,
  checklist,
  onEvent,
  busy,
}: {
  v: RouteStop & { shownStatus: string; version: number };
  index: number;
  pending: QueuedEvent[];
  checklist: { key: string; label: string; required?: boolean }[];
  onEvent: (v: RouteStop, kind: QueuedKind, body: Record<string, unknown>) => Promise<void>;
  busy: boolean;
}) {
  const L = useL();
  const [ticks, setTicks] = useState<Record<string, boolean>>(() => Object.fromEntries(v.checklist.map((t) => [t.key, t.done])));
  const [note, setNote] = useState('');
  const [photo, setPhoto] = useState<string | null>(null);
  const [by, setBy] = useState<'elder' | 'family'>('elder');
  const [satisfaction, setSatisfaction] = useState(5);
  const [photoErr, setPhotoErr] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const s = v.shownStatus;
  const requiredMissing = checklist.filter((c) => c.required !== false && !ticks[c.key]);
  const win = `${v.windowStart}-${v.windowEnd}`;
  const pendingHere = pending.length > 0;

  return (
    <Card className="care-card" data-testid="care-visit" data-visit-id={v.id} styles={{ body: { padding: 16 } }}>
      <Flex justify="space-between" align="flex-start" gap={8}>
        <div style={{ minWidth: 0 }}>
          <div className="care-time">
            <span className="care-index">{index + 1}</span> {win}
          </div>
          <div className="care-name">
            {v.personName ?? L('服务对象', 'Elder')} · {v.itemName ?? v.itemCode}
          </div>
          {v.address && (
            <div className="care-address">
              <EnvironmentOutlined /> {v.address}
            </div>
          )}
        </div>
        <Flex vertical align="flex-end" gap={4}>
          <VisitStatusTag status={s} />
          {pendingHere && (
            <Tag color="orange" icon={<CloudUploadOutlined />} data-testid="pending-tag">
              {L('待上传', 'Pending upload')}
            </Tag>
          )}
        </Flex>
      </Flex>
      {v.checkIn && s !== 'dispatched' && (
        <div className="care-meta">
          {L('签到', 'In')} {hhmm(v.checkIn.at)} {v.checkIn.position ? '' : L('(无定位)', '(no position)')}
          {v.checkOut && ` · ${L('签退', 'Out')} ${hhmm(v.checkOut.at)}`}
        </div>
      )}
      {pending.map((p) => (
        <div key={p.clientEventId} className="care-meta" style={{ color: '#d46b08' }}>
          {p.kind === 'check_in' ? L('签到', 'Check-in') : p.kind === 'check_out' ? L('签退', 'Check-out') : L('确认', 'Confirm')}{' '}
          {hhmm(p.recordedAt)} {L('已记录,待网络恢复后上传', 'recorded, uploads when back online')}
          {p.body.position ? '' : L('(无定位)', ' (no position)')}
        </div>
      ))}

      {s === 'dispatched' && (
        <Button
          type="primary"
          size="large"
          block
          className="care-big"
          disabled={busy}
          onClick={() => void onEvent(v, 'check_in', {})}
          data-testid="check-in"
        >
          {L('签到', 'Check in')}
        </Button>
      )}

      {s === 'checked_in' && (
        <div style={{ marginTop: 12 }}>
          {checklist.length > 0 && (
            <div className="care-checklist">
              {checklist.map((c) => (
                <Checkbox
                  key={c.key}
                  checked={!!ticks[c.key]}
                  onChange={(e) => setTicks({ ...ticks, [c.key]: e.target.checked })}
                  data-testid="check-item"
                >
                  {c.label}
                  {c.required !== false && <span style={{ color: '#cf1322' }}> *</span>}
                </Checkbox>
              ))}
            </div>
          )}
          <Input.TextArea
            rows={2}
            placeholder={L('服务情况备注(可选)', 'Note (optional)')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={1000}
            style={{ fontSize: 18, marginTop: 8 }}
            data-testid="care-note"
          />
          <Flex gap={8} align="center" style={{ marginTop: 8 }}>
            <input
              ref={fileRef}
              type="file"
              accept="image/*"
              capture="environment"
              style={{ display: 'none' }}
              data-testid="care-photo"
              onChange={async (e) => {
                const f = e.target.files?.[0];
                if (!f) return;
                try {
                  setPhotoErr(null);
                  setPhoto(await shrinkPhoto(f));
                } catch {
                  setPhotoErr(L('无法读取照片', 'Cannot read the photo'));
                }
              }}
            />
            <Button size="large" icon={<CameraOutlined />} onClick={() => fileRef.current?.click()}>
              {photo ? L('重拍照片', 'Retake') : L('拍照(可选)', 'Photo (optional)')}
            </Button>
            {photo && <img src={photo} alt="" style={{ height: 48, borderRadius: 4 }} />}
            {photoErr && <Typography.Text type="danger">{photoErr}</Typography.Text>}
          </Flex>
          {requiredMissing.length > 0 && (
            <Typography.Text type="warning" style={{ display: 'block', marginTop: 8, fontSize: 16 }}>
              {L(`还有 ${requiredMissing.length} 项必做未勾选`, `${requiredMissing.length} required steps not ticked`)}
            </Typography.Text>
          )}
          <Button
            type="primary"
            danger
            size="large"
            block
            className="care-big"
            disabled={busy || requiredMissing.length > 0}
            onClick={() =>
              void onEvent(v, 'check_out', {
                checklist: checklist.map((c) => ({ key: c.key, done: !!ticks[c.key] })),
                note: note.trim() || undefined,
                photo: photo ?? undefined,
              })
            }
            data-testid="check-out"
          >
            {L('签退', 'Check out')}
          </Button>
        </div>
      )}

      {s === 'checked_out' && (
        <div style={{ marginTop: 12 }}>
          <div style={{ fontSize: 18, marginBottom: 4 }}>{L('请老人或家属确认服务', 'Ask the elder or family to confirm')}</div>
          <Radio.Group
            value={by}
            onChange={(e) => setBy(e.target.value)}
            size="large"
            optionType="button"
            options={[
              { value: 'elder', label: L('老人本人', 'Elder') },
              { value: 'family', label: L('家属', 'Family') },
            ]}
          />
          <div style={{ marginTop: 8 }}>
            {L('满意度', 'Satisfaction')} <Rate value={satisfaction} onChange={setSatisfaction} style={{ fontSize: 28 }} />
          </div>
          <Button
            size="large"
            block
            className="care-big"
            type="primary"
            ghost
            disabled={busy}
            onClick={() => void onEvent(v, 'confirm', { method: 'in_person', by, satisfaction })}
            data-testid="confirm"
          >
            {L('确认服务完成', 'Confirm')}
          </Button>
        </div>
      )}
    </Card>
  );
}

export default function CareTodayPage() {
  const L = useL();
  const { me, logout } = useAuth();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const userId = me?.id ?? 'anon';
  const date = todayCn();
  const [queue, setQueue] = useState<QueuedEvent[]>(() => loadQueue(userId));
  const [online, setOnline] = useState(() => navigator.onLine);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const flushing = useRef(false);

  const visits = useQuery({
    queryKey: ['ec', 'care', date],
    queryFn: () =>
      api.get<{ stops: RouteStop[] }>(`${EC}/caregiver/my-route`, { date }).then((r) => ({ items: r.stops, total: r.stops.length })),
    refetchInterval: 60_000,
    retry: 1,
  });
  const menu = useQuery({
    queryKey: ['ec', 'menu', 'current'],
    queryFn: () => ecApi.menu(),
    staleTime: 10 * 60_000,
    retry: 1,
    enabled: !!visits.data && visits.data.items.some((v) => !v.serviceStandard.length),
  });
  const checklistFor = useCallback(
    (v: RouteStop) => {
      if (v.serviceStandard.length) return v.serviceStandard;
      const m: MenuItemVersion | undefined =
        menu.data?.items.find((x) => x.id === v.itemVersionId) ?? menu.data?.items.find((x) => x.code === v.itemCode);
      return m?.checklist ?? [];
    },
    [menu.data],
  );

  const persist = useCallback(
    (q: QueuedEvent[]) => {
      saveQueue(userId, q);
      setQueue(q);
    },
    [userId],
  );

  const flush = useCallback(async () => {
    if (flushing.current) return;
    const q = loadQueue(userId);
    if (!q.length) return;
    flushing.current = true;
    try {
      const { remaining, sent, refused } = await flushQueue(q);
      persist(remaining);
      if (sent.length) {
        void message.success(L(`已上传 ${sent.length} 条离线记录`, `Uploaded ${sent.length} queued events`));
        void qc.invalidateQueries({ queryKey: ['ec', 'care'] });
      }
      if (refused.length) setNotice(refused.map((r) => r.lastError).join(';'));
    } finally {
      flushing.current = false;
    }
  }, [userId, persist, message, L, qc]);

  useEffect(() => {
    const up = () => {
      setOnline(true);
      void flush();
    };
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    const timer = setInterval(() => {
      setOnline(navigator.onLine);
      if (navigator.onLine) void flush();
    }, 15_000);
    void flush();
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
      clearInterval(timer);
    };
  }, [flush]);

  const list = useMemo(() => {
    const items = [...(visits.data?.items ?? [])].sort((a, b) => String(a.plannedStart).localeCompare(String(b.plannedStart)));
    return items.map((v) => {
      const mine = queue.filter((e) => e.visitId === v.id);
      const last = mine[mine.length - 1];
      return { ...v, shownStatus: last ? NEXT_STATUS[last.kind] : v.status, version: v.version + mine.length };
    });
  }, [visits.data, queue]);

  const onEvent = async (v: RouteStop, kind: QueuedKind, extra: Record<string, unknown>) => {
    setBusy(true);
    setNotice(null);
    try {
      const position = kind === 'confirm' ? undefined : await getPosition();
      // the phone's clock at the moment of the tap; the server keeps it even when the upload comes later
      const recordedAt = new Date().toISOString();
      const body: Record<string, unknown> = { ...extra, recordedAt };
      if (kind !== 'confirm') body.position = position ?? null;
      const ev: QueuedEvent = { clientEventId: uuid(), visitId: v.id, kind, body, recordedAt, attempts: 0 };
      if (kind !== 'confirm' && !position)
        void message.warning(L('未获取到定位,本次记录不含位置', 'No position: recorded without a location'));
      // anything already waiting goes first, so events reach the server in order
      if (!navigator.onLine || loadQueue(userId).length > 0) {
        persist([...loadQueue(userId), ev]);
        if (navigator.onLine) void flush();
        return;
      }
      try {
        await sendEvent(ev);
        void message.success(
          kind === 'check_in'
            ? L('签到成功', 'Checked in')
            : kind === 'check_out'
              ? L('签退成功', 'Checked out')
              : L('已确认', 'Confirmed'),
        );
        await qc.invalidateQueries({ queryKey: ['ec', 'care'] });
      } catch (e) {
        if (isNetworkError(e)) {
          persist([...loadQueue(userId), ev]);
          setOnline(false);
        } else {
          setNotice(e instanceof ApiError ? e.message : String(e));
        }
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="care-page">
      <Flex className="care-top" justify="space-between" align="center">
        <div>
          <div style={{ fontSize: 20, fontWeight: 600 }}>{L('今日服务', "Today's visits")}</div>
          <div style={{ fontSize: 14, opacity: 0.85 }}>
            {me?.displayName} · {date}
          </div>
        </div>
        <Flex gap={4}>
          <Button
            type="text"
            style={{ color: '#fff' }}
            icon={<ReloadOutlined />}
            aria-label={L('刷新', 'Reload')}
            onClick={() => void visits.refetch()}
          />
          <Button
            type="text"
            style={{ color: '#fff' }}
            icon={<LogoutOutlined />}
            aria-label={L('退出', 'Log out')}
            onClick={() => void logout().then(() => navigate('/login', { replace: true }))}
          />
        </Flex>
      </Flex>
      <div style={{ padding: 12 }}>
        {!online && (
          <Alert
            type="warning"
            showIcon
            title={L('当前无网络:签到签退会先保存在手机上', 'Offline: events are kept on the phone')}
            style={{ marginBottom: 8, fontSize: 16 }}
          />
        )}
        {queue.length > 0 && (
          <Alert
            type="info"
            showIcon
            icon={<CloudUploadOutlined />}
            data-testid="pending-banner"
            title={L(`${queue.length} 条记录待上传`, `${queue.length} events waiting to upload`)}
            action={
              <Button size="small" onClick={() => void flush()} disabled={!online}>
                {L('立即上传', 'Upload now')}
              </Button>
            }
            style={{ marginBottom: 8, fontSize: 16 }}
          />
        )}
        {notice && <Alert type="error" showIcon closable title={notice} style={{ marginBottom: 8 }} onClose={() => setNotice(null)} />}
        {visits.isLoading ? (
          <Flex justify="center" style={{ padding: 48 }}>
            <Spin size="large" />
          </Flex>
        ) : visits.error && !visits.data ? (
          <Alert
            type="error"
            showIcon
            title={L('无法加载今日路线', "Cannot load today's route")}
            description={(visits.error as Error).message}
          />
        ) : list.length === 0 ? (
          <Empty description={<span style={{ fontSize: 18 }}>{L('今天没有派给您的服务', 'No visits for you today')}</span>} />
        ) : (
          <Flex vertical gap={12}>
            <Typography.Text style={{ fontSize: 16 }}>
              {L(
                `共 ${list.length} 单,已完成 ${list.filter((v) => !['dispatched', 'checked_in', 'planned'].includes(v.shownStatus)).length} 单`,
                `${list.length} visits`,
              )}
            </Typography.Text>
            {list.map((v, i) => (
              <VisitCard
                key={v.id}
                v={v}
                index={i}
                pending={queue.filter((e) => e.visitId === v.id)}
                checklist={checklistFor(v)}
                onEvent={onEvent}
                busy={busy}
              />
            ))}
          </Flex>
        )}
      </div>
    </div>
  );
}
