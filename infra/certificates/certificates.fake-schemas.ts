/** Request-body JSON schemas of the fake e-certificate service (what it refuses with 400). */

const text = { type: 'string', minLength: 1 } as const;
const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const uscc = { type: 'string', pattern: '^[0-9A-Z]{18}$' } as const;

export const issueSchema = {
  type: 'object',
  required: ['typeCode', 'typeName', 'holder', 'issuer', 'relatedItem', 'businessData', 'validFrom', 'areaCode'],
  properties: {
    typeCode: { type: 'string', pattern: '^[0-9A-Z]{18}\\d{3}$' },
    typeName: text,
    certificateNumber: text,
    holder: {
      type: 'object',
      required: ['name', 'code', 'codeType'],
      properties: { name: text, code: text, codeType: { type: 'string', pattern: '^\\d{3}$' } },
    },
    issuer: { type: 'object', required: ['name', 'uscc'], properties: { name: text, uscc } },
    relatedItem: { type: 'object', required: ['code', 'name'], properties: { code: text, name: text } },
    businessData: { type: 'object' },
    validFrom: date,
    validUntil: date,
    areaCode: { type: 'string', pattern: '^\\d{6}$' },
  },
} as const;

export const revokeSchema = {
  type: 'object',
  required: ['reason'],
  properties: { reason: text },
} as const;
