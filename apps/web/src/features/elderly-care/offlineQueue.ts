/**
 * The caregiver's offline queue: check-in / check-out / confirmation events that could not be
 * sent (no network) wait in localStorage with the time they were recorded and a clientEventId;
 * they are sent when the browser comes back online or every 15 s. The server de-duplicates by
 * clientEventId, so sending an event twice is harmless.
 */
import { ApiError, api } from '../../shared/api';
import { EC } from './api';

export type QueuedKind = 'check_in' | 'check_out' | 'confirm';
export interface QueuedEvent {
  clientEventId: string;
  visitId: string;
  kind: QueuedKind;
  /** the request body, including `at` (when it happened on the phone) */
  body: Record<string, unknown>;
  recordedAt: string;
  attempts: number;
  lastError?: string;
}

const PATH: Record<QueuedKind, string> = { check_in: 'check-in', check_out: 'check-out', confirm: 'confirm' };
const key = (userId: string) => `lq.care.queue.${userId}`;

export function uuid(): string {
  const c: Crypto = globalThis.crypto;
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  // older phones / plain-http pages: RFC 4122 v4 from getRandomValues
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function loadQueue(userId: string): QueuedEvent[] {
  try {
    const raw = localStorage.getItem(key(userId));
    const arr = raw ? (JSON.parse(raw) as QueuedEvent[]) : [];
    return Array.isArray(arr) ? arr : [];
  } catch {
    return [];
  }
}
export function saveQueue(userId: string, q: QueuedEvent[]): void {
  try {
    if (q.length) localStorage.setItem(key(userId), JSON.stringify(q));
    else localStorage.removeItem(key(userId));
  } catch {
    /* storage full or blocked: the events stay in memory for this page */
  }
}

export function isNetworkError(e: unknown): boolean {
  return (e instanceof ApiError && e.status === 0) || (e instanceof TypeError && /fetch|network/i.test(e.message));
}

export function sendEvent(ev: QueuedEvent): Promise<unknown> {
  return api.post(`${EC}/visits/${ev.visitId}/${PATH[ev.kind]}`, { ...ev.body, clientEventId: ev.clientEventId });
}

/**
 * Sends the queue in order. Stops at the first network failure (still offline). A request the
 * server refuses (4xx, e.g. already recorded) leaves the queue with its error, so it never blocks
 * the rest. Returns the remaining queue and the refused events.
 */
export async function flushQueue(queue: QueuedEvent[]): Promise<{ remaining: QueuedEvent[]; sent: QueuedEvent[]; refused: QueuedEvent[] }> {
  const remaining = [...queue];
  const sent: QueuedEvent[] = [];
  const refused: QueuedEvent[] = [];
  while (remaining.length) {
    const ev = remaining[0];
    try {
      await sendEvent(ev);
      sent.push(remaining.shift() as QueuedEvent);
    } catch (e) {
      if (isNetworkError(e)) {
        ev.attempts += 1;
        break;
      }
      if (e instanceof ApiError && e.status >= 500) {
        ev.attempts += 1;
        ev.lastError = e.message;
        break;
      }
      const r = remaining.shift() as QueuedEvent;
      r.lastError = e instanceof Error ? e.message : String(e);
      refused.push(r);
    }
  }
  return { remaining, sent, refused };
}
