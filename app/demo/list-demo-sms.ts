/** 演示短信 — the text messages the local fake SMS gateway received, oldest first, a page at a time (developers). */
import type { Actor } from '../../domain/access/roles.ts';
import type { DemoTime, SentMessage } from '../../domain/ports/demo-time.port.ts';
import { pageOf, type Page, type PageRequest } from '../paging.ts';
import { assertDeveloper } from './demo-access.ts';

export function createListDemoSms(deps: DemoTime) {
  return function listDemoSms(actor: Actor, page: PageRequest): Page<SentMessage> {
    assertDeveloper(actor);
    return pageOf(
      (deps.sentMessages?.() ?? []).map((m) => ({ templateId: m.templateId, phones: m.phones, text: m.text })),
      page,
    );
  };
}
