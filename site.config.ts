import { defineSiteConfig } from './lib/site-config';

/**
 * The brand and site settings, in one place: the name, the support address, the legal
 * links and lines. Page titles, the header and footer, the sign-in e-mail, the customer
 * portal's headline (billing.config.ts) and the app info sent to Stripe all read them.
 * Edit this file to make the site yours; nothing else names the brand.
 */
export const site = defineSiteConfig({
  name: 'Portal Flows',
  description: 'Manage your subscription with Stripe customer-portal deep links.',
  supportEmail: 'support@example.com',
  urls: {
    // privacyPolicy: 'https://example.com/privacy',
    // termsOfService: 'https://example.com/terms',
  },
  legal: {
    copyrightHolder: 'Portal Flows contributors',
  },
});
