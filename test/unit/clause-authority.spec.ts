import { authorises, canonicalMethods, clauseMethodErrors } from '../../src/rules/clause-authority';
import { type ClauseInForce, guardSubmit } from '../../src/rules/guards';
import { ACTION_TYPES, ALL_METHODS, METHODS } from '../../src/schema/vocabulary';

const today = '2025-12-01';
const clause = (over: Partial<ClauseInForce> = {}): ClauseInForce => ({
  id: 'c1',
  directiveNumber: '202-KL/TW',
  ref: '3',
  authorisedTypes: ['reallocation', 'disposal'],
  validFrom: null,
  validTo: null,
  supersededFrom: null,
  ...over,
});
const codes = (vs: { code: string }[]) => vs.map((v) => v.code);
const JUSTIFICATION = 'Không còn nhu cầu sử dụng và không có đơn vị nào cần tiếp nhận cơ sở này.';

describe('what a clause authorises: types, and methods where it lists them', () => {
  it('no method list: every method of every authorised type, nothing of the others', () => {
    for (const type of ACTION_TYPES)
      for (const method of METHODS[type]) {
        const expected = type === 'reallocation' || type === 'disposal';
        expect([type, method, authorises(clause(), type, method)]).toEqual([type, method, expected]);
        expect(authorises(clause({ authorisedMethods: [] }), type, method)).toBe(expected);
      }
  });

  it('a method list: exactly those methods, and only of authorised types', () => {
    const transferOnly = clause({ authorisedMethods: ['transfer'] });
    for (const type of ACTION_TYPES)
      for (const method of METHODS[type]) expect([type, method, authorises(transferOnly, type, method)]).toEqual([type, method, method === 'transfer']);
    // A listed method of a type the clause does not authorise authorises nothing.
    expect(authorises(clause({ authorisedTypes: ['disposal'], authorisedMethods: ['transfer', 'sale'] }), 'reallocation', 'transfer')).toBe(false);
    expect(authorises(clause({ authorisedTypes: ['disposal'], authorisedMethods: ['transfer', 'sale'] }), 'disposal', 'sale')).toBe(true);
  });

  it('a clause lists only methods of the types it authorises', () => {
    expect(clauseMethodErrors(['reallocation'], [])).toEqual([]);
    expect(clauseMethodErrors(['reallocation'], [...METHODS.reallocation])).toEqual([]);
    expect(clauseMethodErrors(['reallocation', 'disposal'], ['transfer', 'liquidation'])).toEqual([]);
    expect(clauseMethodErrors(['reallocation'], ['transfer', 'sale'])).toEqual([
      {
        field: 'authorisedMethods',
        message: {
          vi: 'sale không phải hình thức của loại phương án mà điều khoản cho phép (reallocation)',
          en: 'sale: not a method of the action types the clause authorises (reallocation)',
        },
      },
    ]);
    expect(clauseMethodErrors([], ['repair'])[0].message).toEqual({
      vi: 'repair không phải hình thức của loại phương án mà điều khoản cho phép (không loại nào)',
      en: 'repair: not a method of the action types the clause authorises (none)',
    });
    for (const type of ACTION_TYPES) {
      const others = ALL_METHODS.filter((m) => !METHODS[type].includes(m));
      expect(clauseMethodErrors([type], others)).toHaveLength(1);
      expect(clauseMethodErrors([...ACTION_TYPES], others)).toEqual([]);
    }
  });

  it('stores methods in vocabulary order, once', () => {
    expect(canonicalMethods(['sale', 'transfer', 'sale', 'permanent'])).toEqual(['permanent', 'transfer', 'sale']);
    expect(canonicalMethods([])).toEqual([]);
    expect(canonicalMethods([...ALL_METHODS].reverse())).toEqual(ALL_METHODS);
  });
});

describe('submit needs a cited clause authorising the type and, where the clause lists methods, the method', () => {
  const sale = { type: 'disposal' as const, method: 'sale', justification: JUSTIFICATION };
  const transferOnly = clause({ authorisedMethods: ['transfer'] });

  it('a sale citing a transfer-only clause is refused, naming the clause and its methods', () => {
    const [v, ...rest] = guardSubmit(sale, [transferOnly], today);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({
      code: 'no-authorising-clause',
      message: {
        vi: 'Các điều khoản được viện dẫn cho phép loại phương án disposal nhưng không cho phép hình thức sale (202-KL/TW 3: transfer)',
        en: 'The cited clauses authorise a disposal but not by sale (202-KL/TW 3: transfer)',
      },
      fields: [
        { field: 'clauseIds', message: { vi: 'cần điều khoản cho phép disposal theo hình thức sale', en: 'needs a clause authorising a disposal by sale' } },
      ],
    });
  });

  it('the same clause authorises a transfer; an unrestricted clause authorises the sale', () => {
    expect(guardSubmit({ type: 'reallocation', method: 'transfer', justification: null, receivingAgencyId: 'a1' }, [transferOnly], today)).toEqual([]);
    expect(guardSubmit(sale, [clause()], today)).toEqual([]);
    expect(guardSubmit(sale, [transferOnly, clause({ id: 'c2', ref: '4', authorisedMethods: ['sale', 'liquidation'] })], today)).toEqual([]);
  });

  it('the type not authorised at all keeps its own message', () => {
    expect(guardSubmit({ type: 'retention', method: 'permanent', justification: null }, [transferOnly], today)[0].message).toEqual({
      vi: 'Không điều khoản nào được viện dẫn cho phép loại phương án retention',
      en: 'None of the cited clauses authorises a retention',
    });
  });

  it('a clause authorising the method but not in force is clause-not-in-force, not a missing authority', () => {
    expect(codes(guardSubmit(sale, [clause({ authorisedMethods: ['sale'], validTo: '2025-06-30' })], today))).toEqual(['clause-not-in-force']);
    // Only the clauses authorising the method count for being in force.
    expect(codes(guardSubmit(sale, [clause({ authorisedMethods: ['sale'], validTo: '2025-06-30' }), transferOnly], today))).toEqual(['clause-not-in-force']);
  });
});
