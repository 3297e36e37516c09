/**
 * Test fixtures written compactly: `diagram(body)` wraps process XML in definitions, adds what a
 * modeler writes — <incoming>/<outgoing> on every flow node, BPMNDI shapes and edges, the Camunda
 * 8.8 execution platform — and returns a diagram that deploys on Zeebe and lints clean.
 */
import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';

const require = createRequire(import.meta.url);
const moddle = new BpmnModdle({
  zeebe: require('zeebe-bpmn-moddle/resources/zeebe.json') as object,
  modeler: require('modeler-moddle/resources/modeler.json') as object,
});

type El = { $type: string; id: string; [k: string]: unknown };
const NS =
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

/** `body`: root elements (processes, messages, errors) in the bpmn: namespace. */
export async function diagram(body: string): Promise<string> {
  const xml = `<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions ${NS} id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Camunda Modeler" exporterVersion="5.40.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">${body}</bpmn:definitions>`;
  const { rootElement } = await moddle.fromXML(xml);
  const definitions = rootElement as unknown as El & { rootElements: El[]; diagrams?: El[] };
  const m = moddle as unknown as {
    create(type: string, attrs?: Record<string, unknown>): El;
    toXML(el: unknown, o: object): Promise<{ xml: string }>;
  };
  definitions.diagrams = [];
  for (const proc of definitions.rootElements.filter((r) => r.$type === 'bpmn:Process')) {
    const plane = m.create('bpmndi:BPMNPlane', { id: `${proc.id}_plane`, bpmnElement: proc, planeElement: [] });
    const shapes = plane.planeElement as El[];
    const bounds = new Map<string, { x: number; y: number; width: number; height: number }>();
    let row = 0;
    const layout = (container: El, x0: number, y0: number): { w: number; h: number } => {
      const elements = (container.flowElements as El[] | undefined) ?? [];
      const nodes = elements.filter((e) => e.$type !== 'bpmn:SequenceFlow' && e.$type !== 'bpmn:BoundaryEvent');
      const flows = elements.filter((e) => e.$type === 'bpmn:SequenceFlow');
      for (const n of nodes) {
        n.incoming = [];
        n.outgoing = [];
      }
      for (const b of elements.filter((e) => e.$type === 'bpmn:BoundaryEvent')) {
        b.outgoing = [];
      }
      for (const f of flows) {
        ((f.sourceRef as El).outgoing as El[]).push(f);
        ((f.targetRef as El).incoming as El[] | undefined)?.push(f);
      }
      let x = x0;
      let maxH = 80;
      for (const n of nodes) {
        const isEvent = /Event$/.test(n.$type);
        const isGateway = /Gateway$/.test(n.$type);
        let size = isEvent
          ? { width: 36, height: 36 }
          : isGateway
            ? { width: 50, height: 50 }
            : { width: 100, height: 80 };
        if (n.$type === 'bpmn:SubProcess') {
          const inner = layout(n, x + 30, y0 + 40);
          size = { width: inner.w + 60, height: inner.h + 80 };
        }
        const b = { x, y: y0 + (isEvent ? 22 : isGateway ? 15 : 0), ...size };
        bounds.set(n.id, b);
        shapes.push(
          m.create('bpmndi:BPMNShape', {
            id: `${n.id}_di`,
            bpmnElement: n,
            bounds: m.create('dc:Bounds', b),
            ...(n.$type === 'bpmn:SubProcess' ? { isExpanded: true } : {}),
            ...(isGateway ? { isMarkerVisible: true } : {}),
          }),
        );
        x += size.width + 50;
        maxH = Math.max(maxH, size.height);
      }
      for (const b of elements.filter((e) => e.$type === 'bpmn:BoundaryEvent')) {
        const host = bounds.get((b.attachedToRef as El).id)!;
        const count = shapes.filter(
          (s) =>
            (s.bpmnElement as El).$type === 'bpmn:BoundaryEvent' &&
            ((s.bpmnElement as El).attachedToRef as El).id === (b.attachedToRef as El).id,
        ).length;
        const bb = { x: host.x + 10 + count * 40, y: host.y + host.height - 18, width: 36, height: 36 };
        bounds.set(b.id, bb);
        shapes.push(
          m.create('bpmndi:BPMNShape', { id: `${b.id}_di`, bpmnElement: b, bounds: m.create('dc:Bounds', bb) }),
        );
      }
      for (const f of flows) {
        const s = bounds.get((f.sourceRef as El).id)!;
        const t = bounds.get((f.targetRef as El).id)!;
        shapes.push(
          m.create('bpmndi:BPMNEdge', {
            id: `${f.id}_di`,
            bpmnElement: f,
            waypoint: [
              m.create('dc:Point', { x: s.x + s.width, y: s.y + s.height / 2 }),
              m.create('dc:Point', { x: t.x, y: t.y + t.height / 2 }),
            ],
          }),
        );
      }
      return { w: x - x0, h: maxH + 60 };
    };
    layout(proc, 150, 100 + row * 400);
    row++;
    definitions.diagrams.push(m.create('bpmndi:BPMNDiagram', { id: `${proc.id}_diagram`, plane }));
  }
  return (await m.toXML(definitions, { format: true })).xml;
}

/** A service task with a job type. */
export const serviceTask = (id: string, type: string, extra = '', attrs = '') =>
  `<bpmn:serviceTask id="${id}" ${attrs}><bpmn:extensionElements><zeebe:taskDefinition type="${type}" />${extra}</bpmn:extensionElements></bpmn:serviceTask>`;
export const flow = (id: string, from: string, to: string, condition?: string) =>
  condition
    ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`
    : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
/** Chains elements with flows f_<a>_<b>. */
export const chain = (...ids: string[]) =>
  ids
    .slice(1)
    .map((id, i) => flow(`Flow_${ids[i]}_${id}`, ids[i]!, id))
    .join('');
export const process = (id: string, body: string) =>
  `<bpmn:process id="${id}" isExecutable="true">${body}</bpmn:process>`;
