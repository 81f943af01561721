import { describe, expect, it } from 'vitest';
import { decideLocale, matchAcceptLanguage } from '@/lib/i18n/negotiate';

describe('matchAcceptLanguage: the best of en and fr by q-value', () => {
  it.each([
    ['fr-FR,fr;q=0.9,en;q=0.8', 'fr'],
    ['fr-CA', 'fr'],
    ['en-GB,en;q=0.9', 'en'],
    ['en;q=0.5, fr;q=0.9', 'fr'],
    ['de-DE, fr;q=0.4, en;q=0.3', 'fr'],
    ['de, *;q=0.1', 'en'],
    ['FR', 'fr'],
    ['de', null],
    ['fr;q=0', null],
    ['', null],
    [null, null],
  ])('%j → %j', (header, locale) => {
    expect(matchAcceptLanguage(header)).toBe(locale);
  });
});

describe('decideLocale: saved choice, then the switch’s cookie, then Accept-Language, then English', () => {
  it('the signed-in customer’s saved choice wins over everything', () => {
    expect(decideLocale({ saved: 'en', cookie: 'fr', acceptLanguage: 'fr' })).toBe('en');
    expect(decideLocale({ saved: 'fr', cookie: 'en', acceptLanguage: 'en' })).toBe('fr');
  });

  it('then a visitor’s choice from the switch', () => {
    expect(decideLocale({ saved: null, cookie: 'en', acceptLanguage: 'fr-FR' })).toBe('en');
  });

  it('then the browser, then English', () => {
    expect(decideLocale({ acceptLanguage: 'fr-FR,fr;q=0.9' })).toBe('fr');
    expect(decideLocale({ acceptLanguage: 'de-DE' })).toBe('en');
    expect(decideLocale({})).toBe('en');
  });

  it('ignores a saved value or cookie that is not one of our languages', () => {
    expect(decideLocale({ saved: 'de', cookie: 'xx', acceptLanguage: 'fr' })).toBe('fr');
    expect(decideLocale({ cookie: '../../etc', acceptLanguage: null })).toBe('en');
  });
});
