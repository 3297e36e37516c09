import { describe, expect, it } from 'vitest';
import { startFakeOutsideSystems } from './fake-servers.ts';

describe('startFakeOutsideSystems', () => {
  it('starts the three fakes on distinct loopback ports and closes them', async () => {
    // given the three fakes started together
    const fakes = await startFakeOutsideSystems();
    // when their ports are read / then each is its own loopback listener
    const urls = [fakes.sms.url, fakes.certificates.url, fakes.province.url];
    expect(new Set(urls).size).toBe(3);
    expect(urls.every((u) => u.startsWith('http://127.0.0.1:'))).toBe(true);
    expect((await fetch(`${fakes.sms.url}/messages`)).status).toBe(200);
    // and when closed, nothing listens any more
    await fakes.close();
    await expect(fetch(`${fakes.sms.url}/messages`)).rejects.toThrow();
  });
});
