/**
 * The outside systems the composition root talks to — the SMS gateway, the e-certificate service and the
 * provincial platform: the configured URL of each, or a local fake started in its place (embedded
 * defaults), closed with the system.
 */
import type { Config } from '../infra/config.ts';
import type { Logger } from '../infra/logger.ts';
import { startFakeSms, type FakeSms } from '../infra/sms/sms.fake-server.ts';
import { startFakeCertificates, type FakeCertificates } from '../infra/certificates/certificates.fake-server.ts';
import { startFakeProvince, type FakeProvince } from '../infra/province/province.fake-server.ts';

export interface OutsideFakes {
  sms?: FakeSms;
  certificates?: FakeCertificates;
  province?: FakeProvince;
}
export interface OutsideUrls {
  sms: string;
  certificates: string;
  province: string;
}

/** Starts a fake for every outside system without a configured URL; each fake's close joins `closers`. */
export async function startOutsideSystems(
  config: Config,
  logger: Logger,
  closers: (() => Promise<void>)[],
): Promise<{ fakes: OutsideFakes; urls: OutsideUrls }> {
  const fakes: OutsideFakes = {};
  const local = { port: 0, host: '127.0.0.1', logger: logger.child({ component: 'fake' }) };
  if (!config.sms.url) {
    fakes.sms = await startFakeSms({ ...local, apiKey: config.sms.apiKey });
    closers.push(() => fakes.sms!.close());
  }
  if (!config.certificates.url) {
    fakes.certificates = await startFakeCertificates({ ...local, apiKey: config.certificates.apiKey });
    closers.push(() => fakes.certificates!.close());
  }
  if (!config.province.url) {
    fakes.province = await startFakeProvince({
      ...local,
      apps: { [config.province.appId]: config.province.appSecret },
    });
    closers.push(() => fakes.province!.close());
  }
  const urls = {
    sms: config.sms.url ?? fakes.sms!.url,
    certificates: config.certificates.url ?? fakes.certificates!.url,
    province: config.province.url ?? fakes.province!.url,
  };
  return { fakes, urls };
}
