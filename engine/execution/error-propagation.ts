/**
 * Error propagation, as Zeebe does it: a BPMN error is caught scope by scope upward from where it was
 * thrown — an error boundary event of an element on the way (the one with its code before a catch-all),
 * else an error event sub-process of a scope — then across a call activity into the parent instance.
 * Uncaught at the root, it is an incident on the element that threw it.
 */
import type { Variables } from '../api.ts';
import type { ElementInstance, ErrorOrigin } from './document.ts';
import type { Behaviour, Step } from './step.ts';

type ErrorPropagation = Pick<Behaviour, 'throwError' | 'unhandledError'>;

type Catch =
  { kind: 'boundary'; hostKey: string; catcherId: string } | { kind: 'eventSub'; scopeKey: string; catcherId: string };

export function errorPropagation(step: Step, b: Behaviour): ErrorPropagation {
  const { doc } = step;

  function throwError(
    fromKey: string,
    errorCode: string,
    errorMessage: string,
    variables: Variables,
    origin: ErrorOrigin,
  ): void {
    const found = findCatch(fromKey, errorCode);
    if (found?.kind === 'boundary') {
      b.takeBoundaryEvent(doc.elems[found.hostKey]!, found.catcherId, variables, true);
      return;
    }
    if (found?.kind === 'eventSub') {
      b.startEventSubProcess(found.scopeKey, found.catcherId, variables, true);
      return;
    }
    if (doc.parent) {
      step.effects.push({ t: 'parent.error', ...doc.parent, errorCode, errorMessage, variables, origin });
      return;
    }
    if (origin.processInstanceKey === doc.processInstanceKey) {
      const el = doc.elems[origin.elementInstanceKey];
      if (el) unhandledError(el, errorCode, errorMessage);
      return;
    }
    step.effects.push({ t: 'origin.unhandled', origin, errorCode, errorMessage });
  }

  function unhandledError(el: ElementInstance, errorCode: string, errorMessage: string): void {
    const key = step.incident(
      el,
      'UNHANDLED_ERROR_EVENT',
      `An error was thrown with the code '${errorCode}' but not caught. ${errorMessage}`.trim(),
      el.job ?? null,
    );
    if (!el.job) el.pending = { op: 'activate', incident: key };
  }

  function findCatch(fromKey: string, errorCode: string): Catch | null {
    const matches = (code: string | null) => code === errorCode;
    const catchAll = (code: string | null) => code === null;
    for (let k: string | null = fromKey; k; k = doc.elems[k]?.scope ?? null) {
      const el = doc.elems[k]!;
      const node = step.node(el.id);
      if (el.inner === undefined) {
        const boundaries = node.boundaryIds.map((id) => step.node(id)).filter((x) => x.event.kind === 'error');
        const found =
          boundaries.find((x) => x.event.kind === 'error' && matches(x.event.errorCode)) ??
          boundaries.find((x) => x.event.kind === 'error' && catchAll(x.event.errorCode));
        if (found) return { kind: 'boundary', hostKey: k, catcherId: found.id };
      }
      if (node.kind === 'process' || node.kind === 'subProcess' || node.kind === 'eventSubProcess') {
        const esps = node.eventSubProcessIds.map((id) => step.node(id)).filter((x) => x.event.kind === 'error');
        const found =
          esps.find((x) => x.event.kind === 'error' && matches(x.event.errorCode)) ??
          esps.find((x) => x.event.kind === 'error' && catchAll(x.event.errorCode));
        if (found) return { kind: 'eventSub', scopeKey: k, catcherId: found.id };
      }
    }
    return null;
  }

  return { throwError, unhandledError };
}
