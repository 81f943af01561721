import type Stripe from 'stripe';

/**
 * Drives the emulator's hosted pages the way a browser without JavaScript does: GET a page, fill
 * in and submit one of its forms (chosen by the label of its button), follow the 303s. Redirects
 * that leave the emulator stop there, so a test can see where the customer was sent.
 */

export interface PageResult {
  readonly status: number;
  /** The page's URL, or the last redirect's target when it leaves the emulator. */
  readonly url: string;
  readonly html: string;
  /** Set when the last response was a redirect that left the emulator. */
  readonly location: string | null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#39': "'", nbsp: '\u00a0' };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (match, entity: string) => {
    const known = ENTITIES[entity.toLowerCase()];
    if (known !== undefined) return known;
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return match;
  });
}

/** The visible text of a page: tags and the style sheet removed, entities decoded, spaces collapsed. */
export function textOf(html: string): string {
  return decode(
    html
      .replace(/<style[\s\S]*?<\/style>/g, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' '),
  ).trim();
}

function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const match of tag.matchAll(/([\w-]+)="([^"]*)"/g)) found[match[1]!.toLowerCase()] = decode(match[2]!);
  return found;
}

interface ParsedForm {
  readonly action: string;
  readonly method: 'GET' | 'POST';
  readonly fields: Record<string, string>;
  readonly buttons: string[];
  /** The `name=value` a named button adds to the submission, by the button's text. */
  readonly buttonValues: Record<string, Record<string, string>>;
}

function formsOf(html: string): ParsedForm[] {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].map((match) => {
    const attrs = attributes(match[1] ?? '');
    const body = match[2] ?? '';
    const fields: Record<string, string> = {};
    for (const input of body.matchAll(/<input\b([^>]*)\/?>/g)) {
      const inputAttrs = attributes(input[1] ?? '');
      if (inputAttrs.type === 'hidden' && inputAttrs.name) fields[inputAttrs.name] = inputAttrs.value ?? '';
    }
    const buttonMatches = [...body.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/g)];
    const buttons = buttonMatches.map((button) => textOf(button[2] ?? ''));
    const buttonValues: Record<string, Record<string, string>> = {};
    for (const button of buttonMatches) {
      const buttonAttrs = attributes(button[1] ?? '');
      if (buttonAttrs.name) buttonValues[textOf(button[2] ?? '')] = { [buttonAttrs.name]: buttonAttrs.value ?? '' };
    }
    return { action: attrs.action ?? '', method: attrs.method?.toUpperCase() === 'POST' ? 'POST' : 'GET', fields, buttons, buttonValues };
  });
}

/** Every `<label>`'s text, for checking that inputs are labelled. */
export function labelsOf(html: string): string[] {
  return [...html.matchAll(/<label\b[^>]*>([\s\S]*?)<\/label>/g)].map((match) => textOf(match[1] ?? ''));
}

export function buttonsOf(html: string): string[] {
  return formsOf(html).flatMap((form) => form.buttons);
}

export class Browser {
  readonly #origin: string;

  constructor(emulatorUrl: string) {
    this.#origin = new URL(emulatorUrl).origin;
  }

  async get(url: string): Promise<PageResult> {
    return this.#follow(new URL(url, this.#origin).toString(), { method: 'GET' });
  }

  /**
   * Submits the form of `page` whose button reads `button`, with its hidden fields and `values`
   * (GET forms put them in the query string, as browsers do).
   */
  async submit(page: PageResult, button: string, values: Record<string, string> = {}): Promise<PageResult> {
    const form = formsOf(page.html).find((candidate) => candidate.buttons.includes(button));
    if (!form) throw new Error(`no form with a "${button}" button; buttons: ${buttonsOf(page.html).join(', ')}`);
    const target = new URL(form.action || page.url, page.url);
    const body = new URLSearchParams({ ...form.fields, ...form.buttonValues[button], ...values });
    if (form.method === 'GET') {
      target.search = body.toString();
      return this.#follow(target.toString(), { method: 'GET' });
    }
    return this.#follow(target.toString(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
  }

  /** Posts `values` to `url` directly, as a replayed or forged submission would. */
  async post(url: string, values: Record<string, string>): Promise<PageResult> {
    return this.#follow(new URL(url, this.#origin).toString(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(values).toString(),
    });
  }

  async #follow(url: string, init: RequestInit): Promise<PageResult> {
    let current = url;
    let request = init;
    for (let hops = 0; hops < 10; hops += 1) {
      const response = await fetch(current, { ...request, redirect: 'manual' });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.arrayBuffer();
        const next = new URL(location, current);
        if (next.origin !== this.#origin) return { status: response.status, url: next.toString(), html: '', location: next.toString() };
        current = next.toString();
        request = { method: 'GET' };
        continue;
      }
      return { status: response.status, url: current, html: await response.text(), location: null };
    }
    throw new Error(`too many redirects from ${url}`);
  }
}

/** A catalogue of two monthly plans and a customer subscribed to the first, paying with a card. */
export interface Catalog {
  readonly basic: Stripe.Price;
  readonly pro: Stripe.Price;
  readonly yearly: Stripe.Price;
  readonly product: Stripe.Product;
}

export async function createCatalog(stripe: Stripe): Promise<Catalog> {
  const product = await stripe.products.create({ name: 'Team plan' });
  const [basic, pro, yearly] = await Promise.all([
    stripe.prices.create({ product: product.id, currency: 'eur', unit_amount: 2000, recurring: { interval: 'month' }, nickname: 'Basic' }),
    stripe.prices.create({ product: product.id, currency: 'eur', unit_amount: 5000, recurring: { interval: 'month' }, nickname: 'Pro' }),
    stripe.prices.create({
      product: product.id,
      currency: 'eur',
      unit_amount: 50000,
      recurring: { interval: 'year' },
      nickname: 'Pro yearly',
    }),
  ]);
  return { basic, pro, yearly, product };
}

/** Every feature on, with the catalogue's prices offered for plan changes. */
export function fullFeatures(catalog: Catalog): Stripe.BillingPortal.ConfigurationCreateParams.Features {
  return {
    customer_update: { enabled: true, allowed_updates: ['email'] },
    invoice_history: { enabled: true },
    payment_method_update: { enabled: true },
    subscription_cancel: {
      enabled: true,
      mode: 'at_period_end',
      cancellation_reason: { enabled: true, options: ['too_expensive', 'missing_features', 'other'] },
    },
    subscription_update: {
      enabled: true,
      default_allowed_updates: ['price'],
      proration_behavior: 'create_prorations',
      products: [{ product: catalog.product.id, prices: [catalog.basic.id, catalog.pro.id] }],
    },
  };
}

/** Every feature on, with the catalogue's quantity adjustable within `bounds` (seats). */
export function seatFeatures(
  catalog: Catalog,
  bounds: { minimum: number; maximum: number },
): Stripe.BillingPortal.ConfigurationCreateParams.Features {
  const features = fullFeatures(catalog);
  return {
    ...features,
    subscription_update: {
      ...features.subscription_update!,
      products: [
        { product: catalog.product.id, prices: [catalog.basic.id, catalog.pro.id], adjustable_quantity: { enabled: true, ...bounds } },
      ],
    },
  };
}

export async function subscribedCustomer(
  stripe: Stripe,
  price: Stripe.Price,
  options: { email?: string; subscriptionDefault?: boolean } = {},
): Promise<{ customer: Stripe.Customer; subscription: Stripe.Subscription; card: Stripe.PaymentMethod }> {
  const customer = await stripe.customers.create({ email: options.email ?? 'jenny@example.com', name: 'Jenny Rosen' });
  const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
  const subscription = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: price.id }],
    ...(options.subscriptionDefault && { default_payment_method: card.id }),
  });
  return { customer, subscription, card };
}

/** The events about one object, oldest first. */
export async function eventsAbout(stripe: Stripe, objectId: string, type?: string): Promise<Stripe.Event[]> {
  const events = await stripe.events.list({ limit: 100, ...(type && { type }) });
  return events.data.filter((event) => (event.data.object as { id?: string }).id === objectId).reverse();
}

/** The types of the events about one object, oldest first. */
export async function eventTypesAbout(stripe: Stripe, objectId: string): Promise<string[]> {
  return (await eventsAbout(stripe, objectId)).map((event) => event.type);
}

/**
 * A portal session whose `subscription_update_confirm` flow moves the subscription's first item to
 * `price`, sending the customer to `doneUrl` once it is confirmed.
 */
export function updateConfirmSession(
  stripe: Stripe,
  subscription: Stripe.Subscription,
  price: string,
  options: { returnUrl: string; doneUrl: string; configuration?: string },
): Promise<Stripe.BillingPortal.Session> {
  return stripe.billingPortal.sessions.create({
    customer: String(subscription.customer),
    ...(options.configuration && { configuration: options.configuration }),
    return_url: options.returnUrl,
    flow_data: {
      type: 'subscription_update_confirm',
      subscription_update_confirm: { subscription: subscription.id, items: [{ id: subscription.items.data[0]!.id, price }] },
      after_completion: { type: 'redirect', redirect: { return_url: options.doneUrl } },
    },
  });
}
