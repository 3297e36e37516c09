/**
 * 初步核对 (办法 §9–§10) — material by material: OK (provided and fine), DEFECTIVE (provided, not right),
 * MISSING, or REUSED (a shareable material the project already holds, attached by reference — 办法 §14).
 * The result carries the complete missing list for the one-time 补齐补正通知; a REUSED material is never
 * in it. `precheckFindings` reads a PRECHECKED event back.
 */
import type { Item } from '../catalog/catalog.types.ts';
import { resolveMaterials, type HeldMaterial } from '../catalog/material-reuse.ts';
import type { CaseEvent } from './case-event.ts';
import { materialRefs, payloadInvalid } from './case-payload.ts';

export type MaterialCheckStatus = 'OK' | 'DEFECTIVE' | 'MISSING' | 'REUSED';
export const MATERIAL_CHECK_STATUSES: readonly MaterialCheckStatus[] = ['OK', 'DEFECTIVE', 'MISSING', 'REUSED'];

export interface MaterialCheck {
  materialId: string;
  nameZh: string;
  /** The first item (in application order) that requires it. */
  itemCode: string;
  status: MaterialCheckStatus;
  /** Why it is defective (the window's note). */
  note?: string;
  /** For REUSED: `E_CERT:<item>`, `MATERIAL:<id>` or `RESULT:<item|source>`. */
  reuseRef?: string;
}

/** The window's verdict on an uploaded material. */
export interface WindowFinding {
  materialId: string;
  ok: boolean;
  note?: string;
}

export interface InitialCheck {
  /** One entry per distinct material of the items, in item then catalogue order. */
  results: MaterialCheck[];
  /** The complete list of MISSING and DEFECTIVE materials. */
  missing: MaterialCheck[];
}

export function initialCheck(
  items: readonly Item[],
  provided: readonly string[],
  held: readonly HeldMaterial[],
  findings: readonly WindowFinding[],
): InitialCheck {
  const defective = new Map(findings.filter((f) => !f.ok).map((f) => [f.materialId, f.note ?? '不符合要求']));
  const uploaded = new Set(provided);
  const accepted = provided.filter((id) => !defective.has(id));
  const results = new Map<string, MaterialCheck>();
  for (const item of items) {
    for (const r of resolveMaterials(item, accepted, held)) {
      if (results.has(r.materialId)) continue;
      const nameZh = item.materials.find((m) => m.id === r.materialId)!.nameZh;
      const base = { materialId: r.materialId, nameZh, itemCode: item.code };
      if (r.status === 'PROVIDED') results.set(r.materialId, { ...base, status: 'OK' });
      else if (r.status === 'REUSED')
        results.set(r.materialId, { ...base, status: 'REUSED', ...(r.reuseRef ? { reuseRef: r.reuseRef } : {}) });
      else if (uploaded.has(r.materialId))
        results.set(r.materialId, { ...base, status: 'DEFECTIVE', note: defective.get(r.materialId)! });
      else results.set(r.materialId, { ...base, status: 'MISSING' });
    }
  }
  const all = [...results.values()];
  return { results: all, missing: all.filter((r) => r.status === 'MISSING' || r.status === 'DEFECTIVE') };
}

export interface PrecheckFindings {
  /** Material ids found MISSING or DEFECTIVE. */
  missing: string[];
  /** Material ids reused by reference. */
  reused: string[];
}

/**
 * What a PRECHECKED event found. Reads `results` (MaterialCheck[]), and also `missing` / `reused` lists
 * of ids or `{ materialId }` objects and the window's `checks` ({ materialId, ok }) — the shape the
 * intake worker writes.
 */
export function precheckFindings(event: Pick<CaseEvent, 'type' | 'payload'>): PrecheckFindings {
  const missing = new Set(materialRefs(event, 'missing', { required: false }));
  const reused = new Set(materialRefs(event, 'reused', { required: false }));
  const results = event.payload.results;
  if (results !== undefined) {
    if (!Array.isArray(results)) throw payloadInvalid(event, 'results', 'results 必须是数组');
    results.forEach((r: Partial<MaterialCheck>, i) => {
      if (typeof r?.materialId !== 'string' || !MATERIAL_CHECK_STATUSES.includes(r.status as MaterialCheckStatus)) {
        throw payloadInvalid(
          event,
          `results[${i}]`,
          `results[${i}] 须有 materialId 和 ${MATERIAL_CHECK_STATUSES.join('/')} 之一的 status`,
        );
      }
      if (r.status === 'MISSING' || r.status === 'DEFECTIVE') missing.add(r.materialId);
      if (r.status === 'REUSED') reused.add(r.materialId);
    });
  }
  const checks = event.payload.checks;
  if (Array.isArray(checks))
    for (const c of checks as Partial<WindowFinding>[])
      if (c && c.ok === false && typeof c.materialId === 'string') missing.add(c.materialId);
  return { missing: [...missing], reused: [...reused].filter((m) => !missing.has(m)) };
}
