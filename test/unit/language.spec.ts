import { languageOf } from '../../src/common/language';

describe('languageOf (Accept-Language)', () => {
  it.each([
    [undefined, 'vi'],
    ['', 'vi'],
    ['en', 'en'],
    ['vi', 'vi'],
    ['en-US', 'en'],
    ['vi-VN,vi;q=0.9,en;q=0.8', 'vi'],
    ['en-GB,en;q=0.9,vi;q=0.8', 'en'],
    ['fr, en;q=0.5', 'en'],
    ['fr, de', 'vi'],
    ['en;q=0.2, vi;q=0.7', 'vi'],
    ['en;q=0, vi;q=0', 'vi'],
    ['en;q=0', 'vi'],
    ['*', 'vi'],
    ['EN', 'en'],
    ['en;q=2', 'vi'],
    ['en;q=abc', 'vi'],
    [';;;,,,', 'vi'],
    [['en', 'vi'], 'en'],
  ] as const)('%j → %s', (header, lang) => {
    expect(languageOf(header as string | string[] | undefined)).toBe(lang);
  });

  it('takes the earlier of two equal weights, and the fallback the caller gives', () => {
    expect(languageOf('en, vi')).toBe('en');
    expect(languageOf('vi, en')).toBe('vi');
    expect(languageOf(undefined, 'en')).toBe('en');
    expect(languageOf('*', 'en')).toBe('en');
  });

  it('reads at most 512 characters of a hostile header and never throws', () => {
    expect(languageOf(`${'x-'.repeat(300)},en`)).toBe('vi');
    expect(languageOf('a'.repeat(100_000))).toBe('vi');
  });
});
