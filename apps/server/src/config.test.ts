import { describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_PASSWORD, isLoopback, loadConfig, unsafeStartReason } from './config.ts';

describe('start-up defaults', () => {
  it('demo mode listens on loopback unless HOST is set; production on all interfaces', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ DEMO_MODE: 'false' }).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('refuses demo mode with the default password on a non-loopback address without the explicit override', () => {
    const open = loadConfig({ HOST: '0.0.0.0' });
    expect(open.demoPassword).toBe(DEFAULT_DEMO_PASSWORD);
    expect(unsafeStartReason(open, {})).toMatch(/ALLOW_PUBLIC_DEMO/);
    expect(unsafeStartReason(open, { ALLOW_PUBLIC_DEMO: 'true' })).toBeNull();
    expect(unsafeStartReason(loadConfig({ HOST: '0.0.0.0', DEMO_PASSWORD: 'Another#Pw42' }), {})).toBeNull();
    expect(unsafeStartReason(loadConfig({ HOST: '0.0.0.0', DEMO_MODE: 'false' }), {})).toBeNull();
    expect(unsafeStartReason(loadConfig({}), {})).toBeNull();
    expect(unsafeStartReason(loadConfig({ HOST: '::1' }), {})).toBeNull();
  });

  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1']) expect(isLoopback(h), h).toBe(true);
    for (const h of ['0.0.0.0', '192.168.1.5', '::', '10.0.0.1', '127.0.0.1.example']) expect(isLoopback(h), h).toBe(false);
  });
});
