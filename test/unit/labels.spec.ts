import { LANGUAGES, type Lang } from '../../src/common/language';
import { ASSET_CATEGORY_LABELS, foldLabel, type Label, LABELLED_VOCABULARIES, type LabelledVocabulary, matcherOf } from '../../src/schema/labels';
import * as vocabulary from '../../src/schema/vocabulary';

// A Label is exactly one text per language the API speaks: these two lines stop compiling otherwise.
const asLangRecord: Readonly<Record<Lang, string>> = ASSET_CATEGORY_LABELS.headquarters;
const asLabel: Label = asLangRecord;

const VOCABULARIES: [string, LabelledVocabulary][] = Object.entries(LABELLED_VOCABULARIES);

describe('labels of the vocabularies', () => {
  it('cover every vocabulary of vocabulary.ts', () => {
    const lists = Object.entries(vocabulary).filter(([, v]) => Array.isArray(v)) as [string, readonly string[]][];
    expect(lists.length).toBeGreaterThanOrEqual(VOCABULARIES.length);
    for (const [name, values] of lists) {
      expect({ name, labelled: VOCABULARIES.some(([, v]) => v.values === values) }).toEqual({ name, labelled: true });
    }
    expect(new Set(LABELLED_VOCABULARIES.method.values)).toEqual(new Set(Object.values(vocabulary.METHODS).flat()));
  });

  it.each(VOCABULARIES)('%s: every value has a Vietnamese and an English label, and nothing else', (_, v) => {
    expect(Object.keys(v.labels).sort()).toEqual([...v.values].sort());
    for (const value of v.values) {
      const label = v.labels[value];
      expect(Object.keys(label).sort()).toEqual([...LANGUAGES].sort());
      for (const lang of LANGUAGES) {
        const text = label[lang];
        expect(text.trim()).toBe(text);
        expect(text.length).toBeGreaterThan(1);
        expect(text.normalize('NFC')).toBe(text);
        // A label is written for people, not a code; the Vietnamese one is not the English one.
        expect(text).not.toMatch(/_/);
        expect(text[0]).toBe(text[0].toUpperCase());
      }
      expect(label.vi).not.toBe(label.en);
    }
  });

  it.each(VOCABULARIES)('%s: no two values share a label, and a text names at most one value in either language', (_, v) => {
    for (const lang of LANGUAGES) {
      const texts = v.values.map((value) => v.labels[value][lang]);
      expect(new Set(texts).size).toBe(texts.length);
    }
    const named = new Map<string, string>();
    for (const value of v.values) {
      for (const text of [value, v.labels[value].vi, v.labels[value].en]) {
        const key = foldLabel(text);
        expect({ text, value: named.get(key) ?? value }).toEqual({ text, value });
        named.set(key, value);
      }
    }
  });

  it('writes Vietnamese with its diacritics, in the terms of the directives', () => {
    const vi = (v: keyof typeof LABELLED_VOCABULARIES, value: string) => (LABELLED_VOCABULARIES[v].labels as Record<string, Label>)[value].vi;
    expect(vi('assetCategory', 'headquarters')).toBe('Trụ sở làm việc');
    expect(vi('assetCategory', 'public_service_facility')).toBe('Cơ sở hoạt động sự nghiệp');
    expect(vi('assetCategory', 'housing')).toBe('Nhà ở công vụ');
    expect([vi('method', 'transfer'), vi('method', 'sale'), vi('method', 'liquidation'), vi('method', 'recovery')]).toEqual([
      'Điều chuyển',
      'Bán',
      'Thanh lý',
      'Thu hồi',
    ]);
    expect(vi('actionStatus', 'in_progress')).toBe('Đang thực hiện');
    // Most Vietnamese labels carry a letter outside ASCII; the few that need none are named here.
    const plainAscii = VOCABULARIES.flatMap(([, v]) => v.values.map((value) => v.labels[value].vi)).filter((t) => /^[\x20-\x7e]*$/.test(t));
    expect(plainAscii).toEqual(['Giao']);
  });
});

describe('matcherOf', () => {
  const category = matcherOf(LABELLED_VOCABULARIES.assetCategory);
  const method = matcherOf(LABELLED_VOCABULARIES.method);

  it('finds a value by its code, its Vietnamese label or its English label, in any case and NFC or NFD', () => {
    expect(category('headquarters')).toBe('headquarters');
    expect(category('Trụ sở làm việc')).toBe('headquarters');
    expect(category('TRỤ SỞ LÀM VIỆC')).toBe('headquarters');
    expect(category('trụ sở làm việc'.normalize('NFD'))).toBe('headquarters');
    expect(category('Working office')).toBe('headquarters');
    expect(category('NHÀ Ở CÔNG VỤ')).toBe('housing');
    expect(category('official housing')).toBe('housing');
    expect(method('Điều chuyển')).toBe('transfer');
    expect(method('đIỀU CHUYỂN')).toBe('transfer');
    expect(method('Thanh lý')).toBe('liquidation');
  });

  it('matches exactly otherwise: no accent stripping, no partial or near match', () => {
    expect(category('Tru so lam viec')).toBeUndefined();
    expect(category('Trụ sở')).toBeUndefined();
    expect(category('Trụ sở làm việc.')).toBeUndefined();
    expect(category('Trụ  sở làm việc')).toBeUndefined();
    expect(category('headquarter')).toBeUndefined();
    expect(category('')).toBeUndefined();
    expect(method('Dieu chuyen')).toBeUndefined();
    // Each vocabulary is matched on its own: a method's label is no category.
    expect(category('Điều chuyển')).toBeUndefined();
  });
});

void asLabel;
