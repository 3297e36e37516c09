import { describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { boundNumbers, INT4, SAFE_NUMBER } from './request-schemas.ts';

describe('number bounds on request schemas', () => {
  it('gives every unbounded integer the int4 range and every unbounded number the exact-double range, wherever it is', () => {
    // given
    const schema = Type.Object({
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
      offset: Type.Optional(Type.Integer({ minimum: 0 })),
      version: Type.Integer(),
      share: Type.Number({ exclusiveMaximum: 1 }),
      list: Type.Array(Type.Object({ n: Type.Integer() })),
      either: Type.Union([Type.Integer(), Type.String()]),
      map: Type.Record(Type.String(), Type.Number()),
    });
    // when
    boundNumbers(schema);
    // then
    const p = schema.properties;
    expect(p.limit).toMatchObject({ minimum: 1, maximum: 200 });
    expect(p.offset).toMatchObject({ minimum: 0, maximum: INT4.maximum });
    expect(p.version).toMatchObject(INT4);
    expect(p.share).toMatchObject({ minimum: SAFE_NUMBER.minimum, exclusiveMaximum: 1 });
    expect(p.share).not.toHaveProperty('maximum');
    expect(p.list.items.properties.n).toMatchObject(INT4);
    expect(p.either.anyOf[0]).toMatchObject(INT4);
    expect(Object.values(p.map.patternProperties)[0]).toMatchObject(SAFE_NUMBER);
  });
});
