/**
 * 材料共享复用 (办法 §14) — which of an item's materials are uploaded now, reused by reference from what
 * the project already holds, or missing. A shareable material is REUSED, never MISSING, when the project
 * holds the same material, an earlier result of an item (or external source) in its `shareFrom`, or an
 * e-certificate (电子证照) of such an item. A material that is not shareable must be provided again.
 * Preference when several holdings fit: e-certificate, then the same material, then an earlier result.
 */
import type { Item, Material } from './catalog.types.ts';

/** Something the project already holds. */
export interface HeldMaterial {
  /** The same material, submitted for an earlier case. */
  materialId?: string;
  /** The result of an earlier case of this item (or an external source named in `shareFrom`). */
  fromItemCode?: string;
  /** An e-certificate issued as the result of this item. */
  certificateOf?: string;
  /** The holder's own reference (document id, certificate number), passed through. */
  ref?: string;
}

export type MaterialStatus = 'PROVIDED' | 'REUSED' | 'MISSING';

/** Where a reused material comes from. */
export interface ReuseSource {
  via: 'E_CERT' | 'MATERIAL' | 'RESULT';
  /** The certificate's item code, the material id, or the result's item code / source. */
  source: string;
  ref?: string;
}

export interface MaterialResolution {
  materialId: string;
  status: MaterialStatus;
  /** When REUSED: `<via>:<source>`, e.g. `E_CERT:ZH-S2-01`, `MATERIAL:M101`, `RESULT:ZH-S3-01`. */
  reuseRef?: string;
  /** When REUSED: the same, structured, with the holder's own reference. */
  reuse?: ReuseSource;
}

function reuseOf(material: Material, held: readonly HeldMaterial[]): ReuseSource | undefined {
  if (!material.shareable) return undefined;
  const from = new Set(material.shareFrom);
  const withRef = (r: ReuseSource, h: HeldMaterial): ReuseSource => (h.ref === undefined ? r : { ...r, ref: h.ref });
  const cert = held.find((h) => h.certificateOf !== undefined && from.has(h.certificateOf));
  if (cert) return withRef({ via: 'E_CERT', source: cert.certificateOf! }, cert);
  const same = held.find((h) => h.materialId === material.id);
  if (same) return withRef({ via: 'MATERIAL', source: material.id }, same);
  const result = held.find((h) => h.fromItemCode !== undefined && from.has(h.fromItemCode));
  if (result) return withRef({ via: 'RESULT', source: result.fromItemCode! }, result);
  return undefined;
}

/** One resolution per material of `item`, in catalogue order. */
export function resolveMaterials(
  item: Item,
  provided: readonly string[],
  held: readonly HeldMaterial[],
): MaterialResolution[] {
  const uploaded = new Set(provided);
  return item.materials.map((m) => {
    if (uploaded.has(m.id)) return { materialId: m.id, status: 'PROVIDED' };
    const reuse = reuseOf(m, held);
    return reuse
      ? { materialId: m.id, status: 'REUSED', reuseRef: `${reuse.via}:${reuse.source}`, reuse }
      : { materialId: m.id, status: 'MISSING' };
  });
}

/** The complete list of materials still missing (for a 补齐补正 notice). */
export function missingMaterials(item: Item, provided: readonly string[], held: readonly HeldMaterial[]): Material[] {
  const missing = new Set(
    resolveMaterials(item, provided, held)
      .filter((r) => r.status === 'MISSING')
      .map((r) => r.materialId),
  );
  return item.materials.filter((m) => missing.has(m.id));
}
