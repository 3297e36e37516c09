/**
 * Starts the three fake outside systems (SMS gateway, 省数字空间 e-certificates, 省工改系统) on
 * loopback ephemeral ports, with the dev credentials of infra/config.ts unless told otherwise.
 * Use it in tests that drive the whole system; close() in afterAll.
 */
import type { Logger } from '../infra/logger.ts';
import { startFakeCertificates, type FakeCertificates } from '../infra/certificates/certificates.fake-server.ts';
import { startFakeProvince, type FakeProvince } from '../infra/province/province.fake-server.ts';
import { startFakeSms, type FakeSms } from '../infra/sms/sms.fake-server.ts';

export interface FakeOutsideSystems {
  sms: FakeSms;
  certificates: FakeCertificates;
  province: FakeProvince;
  close(): Promise<void>;
}

export async function startFakeOutsideSystems(
  options: {
    host?: string;
    logger?: Logger;
    smsApiKey?: string;
    certApiKey?: string;
    provinceApps?: Readonly<Record<string, string>>;
  } = {},
): Promise<FakeOutsideSystems> {
  const common = { port: 0, host: options.host ?? '127.0.0.1', logger: options.logger };
  const [sms, certificates, province] = await Promise.all([
    startFakeSms({ ...common, apiKey: options.smsApiKey }),
    startFakeCertificates({ ...common, apiKey: options.certApiKey }),
    startFakeProvince({ ...common, apps: options.provinceApps }),
  ]);
  return {
    sms,
    certificates,
    province,
    async close() {
      await Promise.all([sms.close(), certificates.close(), province.close()]);
    },
  };
}
