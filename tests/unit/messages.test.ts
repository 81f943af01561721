import { readdirSync, readFileSync } from 'node:fs';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { billingConfig } from '@/billing.config';
import { LOCALES } from '@/lib/i18n/config';
import { GLOBAL_ERROR_TEXT } from '@/lib/i18n/global-error-text';

// Acceptance: a missing translation fails a test (and typecheck, through the
// catalogue types in lib/i18n/messages.ts and next-intl's AppConfig).

const messagesDir = new URL('../../messages/', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, messagesDir), 'utf8');
const catalogues = Object.fromEntries(LOCALES.map((locale) => [locale, JSON.parse(read(`${locale}.json`)) as unknown]));

/** Every message as "Namespace.key" → its text. */
function flatten(value: unknown, prefix = ''): Map<string, string> {
  const entries = new Map<string, string>();
  if (typeof value === 'string') return entries.set(prefix, value);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${prefix}: not a message or a namespace`);
  for (const [key, child] of Object.entries(value)) {
    for (const [path, text] of flatten(child, prefix ? `${prefix}.${key}` : key)) entries.set(path, text);
  }
  return entries;
}

/** The arguments and rich-text tags a message uses, e.g. ["{date}", "<digits>"]. */
function placeholders(text: string): string[] {
  const found = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if (element.type === TYPE.tag) {
        found.add(`<${element.value}>`);
        walk(element.children);
      } else if (element.type === TYPE.select || element.type === TYPE.plural) {
        found.add(`{${element.value}}`);
        for (const option of Object.values(element.options)) walk(option.value);
      } else if (element.type !== TYPE.literal && element.type !== TYPE.pound) {
        found.add(`{${element.value}}`);
      }
    }
  };
  walk(parse(text));
  return [...found].sort();
}

const english = flatten(catalogues.en);

describe('message catalogues', () => {
  it('has one file per language of lib/i18n/config.ts, and no other', () => {
    const files = readdirSync(messagesDir).filter((file) => file.endsWith('.json'));
    expect(files.sort()).toEqual(LOCALES.map((locale) => `${locale}.json`).sort());
  });

  for (const locale of LOCALES.filter((candidate) => candidate !== 'en')) {
    describe(locale, () => {
      const translated = flatten(catalogues[locale]);

      it('has exactly the English keys', () => {
        expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
      });

      it('uses the same placeholders and tags in every message, and each one parses', () => {
        for (const [key, text] of english) {
          const other = translated.get(key);
          if (other === undefined) continue; // reported by the test above
          expect({ key, placeholders: placeholders(other) }).toEqual({ key, placeholders: placeholders(text) });
        }
      });

      it('has no message left in English by mistake', () => {
        const untranslated = [...english].filter(
          ([key, text]) => translated.get(key) === text && /[a-z]{3,} [a-z]{3,}/i.test(text.replace(/<[^>]+>|\{[^}]*\}/g, '')),
        );
        expect(untranslated.map(([key]) => key)).toEqual([]);
      });
    });
  }

  it('billing.config.ts gives every language its plan copy and confirmation messages', () => {
    const texts = [
      ...billingConfig.products.flatMap((product) => [product.description, ...product.features.map((feature) => feature.text)]),
      ...Object.values(billingConfig.flows).map((flow) =>
        'afterCompletion' in flow && flow.afterCompletion.type === 'hosted_confirmation' ? flow.afterCompletion.message : undefined,
      ),
    ];
    for (const text of texts) {
      if (typeof text === 'object') expect(Object.keys(text).sort()).toEqual([...LOCALES].sort());
    }
  });

  it('app/global-error.tsx says what ErrorPage in messages/ says (lib/i18n/global-error-text.ts copies it)', () => {
    for (const locale of LOCALES) {
      const { title, text, reference, tryAgain } = (catalogues[locale] as { ErrorPage: Record<string, string> }).ErrorPage;
      expect(GLOBAL_ERROR_TEXT[locale]).toEqual({ title, text, reference, tryAgain });
    }
  });

  it('messages/en.d.json.ts (the typed English catalogue) matches messages/en.json: if not, run `npx next typegen`', () => {
    const declaration = read('en.d.json.ts');
    const body = declaration.slice(
      declaration.indexOf('declare const messages: ') + 'declare const messages: '.length,
      declaration.lastIndexOf(';\nexport default messages;'),
    );
    expect(JSON.parse(body)).toEqual(catalogues.en);
  });
});
