/**
 * Materials as handed in: a reuse names its source; an upload is decoded, its type checked by its first
 * bytes (PDF, OFD, JPEG, PNG), its size bounded and its SHA-256 computed — a hash given must match.
 */
import { createHash } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import type { MaterialInput } from '../../domain/ports/case-repository.port.ts';

export interface MaterialBody {
  materialId: string;
  source: 'upload' | 'reuse';
  ref?: string;
  fileName?: string;
  contentBase64?: string;
  sha256?: string;
  size?: number;
}

const ALLOWED_MAGIC: readonly (readonly number[])[] = [
  [0x25, 0x50, 0x44, 0x46],
  [0x89, 0x50, 0x4e, 0x47],
  [0xff, 0xd8, 0xff],
  [0x50, 0x4b, 0x03, 0x04],
];
export const MAX_MATERIAL_BYTES = 5 * 1024 * 1024;

export function materialInputs(materials: readonly MaterialBody[]): MaterialInput[] {
  return materials.map((m, i) => {
    const field = `body.materials.${i}`;
    if (m.source === 'reuse') {
      if (!m.ref)
        throw new DomainError('MATERIAL_REF_REQUIRED', '复用材料须注明来源(电子证照或前序阶段材料)', {
          field: `${field}.ref`,
        });
      return { materialId: m.materialId, source: 'reuse' as const, ref: m.ref };
    }
    if (!m.contentBase64 && !m.sha256)
      throw new DomainError('MATERIAL_FILE_REQUIRED', `材料 ${m.materialId} 须上传文件或给出已上传文件的 SHA-256`, {
        field: `${field}.contentBase64`,
      });
    let sha256 = m.sha256;
    let size = m.size;
    if (m.contentBase64) {
      const bytes = Buffer.from(m.contentBase64, 'base64');
      if (bytes.length === 0)
        throw new DomainError('MATERIAL_FILE_EMPTY', `材料 ${m.materialId} 的文件为空`, {
          field: `${field}.contentBase64`,
        });
      if (bytes.length > MAX_MATERIAL_BYTES)
        throw new DomainError('MATERIAL_FILE_TOO_LARGE', `材料 ${m.materialId} 超过 5 MiB`, {
          field: `${field}.contentBase64`,
        });
      if (!ALLOWED_MAGIC.some((magic) => magic.every((b, k) => bytes[k] === b))) {
        throw new DomainError('MATERIAL_FILE_TYPE', `材料 ${m.materialId} 须为 PDF、OFD、JPEG 或 PNG`, {
          field: `${field}.contentBase64`,
        });
      }
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (sha256 && sha256 !== actual)
        throw new DomainError('MATERIAL_HASH_MISMATCH', `材料 ${m.materialId} 的 SHA-256 与文件不符`, {
          field: `${field}.sha256`,
        });
      sha256 = actual;
      size = bytes.length;
    }
    return {
      materialId: m.materialId,
      source: 'upload' as const,
      sha256: sha256!,
      fileName: m.fileName ?? m.materialId,
      ...(size ? { size } : {}),
    };
  });
}
