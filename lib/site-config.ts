import { z } from 'zod';

/**
 * The shape of site.config.ts: the brand and the few facts about the business that pages,
 * metadata, e-mails, the customer portal's headline and Stripe's app info all show. Validated
 * when loaded, so a wrong value stops start-up with a message naming it.
 */

const siteConfigSchema = z.strictObject({
  /** The product's name: page titles, the header, e-mails, the portal's headline. */
  name: z.string().trim().min(1).max(40),
  /** One sentence for search results and link previews (`<meta name="description">`). */
  description: z.string().trim().min(1).max(200),
  /** Where customers write for help: the footer and the sign-in e-mail. */
  supportEmail: z.email('must be an e-mail address such as support@example.com'),
  urls: z
    .strictObject({
      /** Linked from the footer and from Stripe's customer portal; omit to leave the link out. */
      privacyPolicy: z.url().optional(),
      termsOfService: z.url().optional(),
    })
    .default({}),
  legal: z.strictObject({
    /** Shown as "© <year> <holder>" in the footer. */
    copyrightHolder: z.string().trim().min(1).max(120),
    /** One line beside it: what the site is, or your company's registered name and address. */
  }),
});

export type SiteConfigInput = z.input<typeof siteConfigSchema>;
export type SiteConfig = z.output<typeof siteConfigSchema>;

class SiteConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`site.config.ts is invalid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'SiteConfigError';
  }
}

/** Validates and fills in defaults; throws SiteConfigError listing every problem. */
export function defineSiteConfig(input: SiteConfigInput): SiteConfig {
  const result = siteConfigSchema.safeParse(input);
  if (!result.success) {
    throw new SiteConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
  }
  return result.data;
}
