import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { portalSuite } from './emulator-suite.js';
import { buttonsOf, eventsAbout, fullFeatures, labelsOf, textOf } from './portal-helpers.js';

// "Edit billing details": customer tax IDs through the API, the `customer_update` flow, and the
// portal's billing-information page, which offers only the fields `allowed_updates` lists and
// checks them before saving.

const RETURN_URL = 'https://shop.example.com/account';
const DONE_URL = 'https://shop.example.com/account/billing-details-updated';

const { stripe, catalog, browser } = await portalSuite();
const everything = await stripe.billingPortal.configurations.create({
  features: {
    ...fullFeatures(catalog),
    customer_update: { enabled: true, allowed_updates: ['name', 'email', 'address', 'phone', 'tax_id'] },
  },
});

function detailsFlow(customer: string, configuration = everything.id) {
  return stripe.billingPortal.sessions.create({
    customer,
    configuration,
    return_url: RETURN_URL,
    flow_data: { type: 'customer_update', after_completion: { type: 'redirect', redirect: { return_url: DONE_URL } } },
  });
}

describe('customer tax IDs', () => {
  it('are created in their type’s format, listed, included on the customer when expanded, and deleted', async () => {
    const customer = await stripe.customers.create({ email: 'vat@example.com' });
    const taxId = await stripe.customers.createTaxId(customer.id, { type: 'eu_vat', value: 'de 123 456 789' });
    expect(taxId).toMatchObject({ object: 'tax_id', type: 'eu_vat', value: 'DE123456789', country: 'DE', customer: customer.id });
    expect(taxId.id).toMatch(/^txi_/);
    await expect(stripe.customers.createTaxId(customer.id, { type: 'eu_vat', value: 'DE12' })).rejects.toMatchObject({
      code: 'tax_id_invalid',
      param: 'value',
      message: 'Invalid value for eu_vat.',
    });
    await expect(stripe.customers.createTaxId(customer.id, { type: 'br_cnpj', value: '01.234.456/5432-10' })).rejects.toMatchObject({
      param: 'type',
    });
    expect((await stripe.customers.listTaxIds(customer.id)).data.map((entry) => entry.id)).toEqual([taxId.id]);
    const withTaxIds = await stripe.customers.retrieve(customer.id, { expand: ['tax_ids'] });
    expect((withTaxIds as Stripe.Customer).tax_ids?.data.map((entry) => entry.value)).toEqual(['DE123456789']);
    expect(await stripe.customers.retrieve(customer.id)).not.toHaveProperty('tax_ids');
    expect(await stripe.customers.deleteTaxId(customer.id, taxId.id)).toEqual({ id: taxId.id, object: 'tax_id', deleted: true });
    expect((await stripe.customers.listTaxIds(customer.id)).data).toEqual([]);
    expect((await eventsAbout(stripe, taxId.id)).map((event) => event.type)).toEqual([
      'customer.tax_id.created',
      'customer.tax_id.deleted',
    ]);
  });
});

describe('the customer_update flow', () => {
  it('is refused on a configuration without customer updates, and echoed as an empty sub-object', async () => {
    const customer = await stripe.customers.create({ email: 'flow@example.com' });
    const off = await stripe.billingPortal.configurations.create({ features: { payment_method_update: { enabled: true } } });
    await expect(detailsFlow(customer.id, off.id)).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      message: 'The customer cannot be updated because the customer update feature in the portal configuration is disabled.',
    });
    const session = await detailsFlow(customer.id);
    expect(session.flow).toMatchObject({ type: 'customer_update', customer_update: {}, subscription_pause: null });
  });

  it('shows only the allowed fields, refuses invalid ones naming the field, saves the rest once', async () => {
    const customer = await stripe.customers.create({ email: 'old@example.com', name: 'Old Name' });
    const session = await detailsFlow(customer.id);
    const page = await browser.get(session.url);
    expect(page.status).toBe(200);
    expect(labelsOf(page.html)).toEqual([
      'Name',
      'Email',
      'Phone number',
      'Country or region',
      'Address line 1',
      'Address line 2',
      'City',
      'Postal code',
      'State, county, province, or region',
      'Tax ID type',
      'Tax ID',
    ]);
    expect(buttonsOf(page.html)).toEqual(['Save']);

    const invalid = await browser.submit(page, 'Save', {
      name: 'Jenny Rosen',
      email: 'not-an-email',
      phone: 'call me',
      city: 'Paris',
      tax_id_type: 'eu_vat',
      tax_id_value: 'FR1',
    });
    expect(invalid.status).toBe(400);
    const problems = textOf(invalid.html);
    expect(problems).toContain('Your email address is invalid.');
    expect(problems).toContain('Your phone number is invalid.');
    expect(problems).toContain('Enter the first line of your address.');
    expect(problems).toContain('Select your country or region.');
    expect(problems).toContain('This is not a valid EU VAT number.');
    expect(await stripe.customers.retrieve(customer.id)).toMatchObject({ name: 'Old Name', email: 'old@example.com' });

    const done = await browser.submit(invalid, 'Save', {
      name: 'Jenny Rosen',
      email: 'jenny@example.com',
      phone: '+33 1 23 45 67 89',
      line1: '1 rue de Rivoli',
      city: 'Paris',
      postal_code: '75001',
      country: 'FR',
      tax_id_type: 'eu_vat',
      tax_id_value: 'FR12345678901',
    });
    expect(done.location).toBe(DONE_URL);
    const updated = (await stripe.customers.retrieve(customer.id, { expand: ['tax_ids'] })) as Stripe.Customer;
    expect(updated).toMatchObject({
      name: 'Jenny Rosen',
      email: 'jenny@example.com',
      phone: '+33 1 23 45 67 89',
      address: { line1: '1 rue de Rivoli', line2: null, city: 'Paris', postal_code: '75001', state: null, country: 'FR' },
    });
    expect(updated.tax_ids?.data.map((taxId) => taxId.value)).toEqual(['FR12345678901']);
    expect(await eventsAbout(stripe, customer.id, 'customer.updated')).toHaveLength(1);
    expect((await browser.get(session.url)).location).toBe(DONE_URL);
  });

  it('lets a customer remove a tax ID without finishing the flow, and in French', async () => {
    const customer = await stripe.customers.create({ email: 'fr@example.com' });
    await stripe.customers.createTaxId(customer.id, { type: 'gb_vat', value: 'GB123456789' });
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      configuration: everything.id,
      return_url: RETURN_URL,
      locale: 'fr',
      flow_data: { type: 'customer_update' },
    });
    const page = await browser.get(session.url);
    expect(textOf(page.html)).toContain('Informations de facturation');
    const afterRemoval = await browser.submit(page, 'Supprimer GB123456789');
    expect(afterRemoval.url).toMatch(/\/customer$/);
    expect((await stripe.customers.listTaxIds(customer.id)).data).toEqual([]);
    expect(buttonsOf(afterRemoval.html)).toEqual(['Enregistrer']);
  });
});

describe('the homepage', () => {
  it('shows the billing information and leads to the page only with customer updates enabled', async () => {
    const customer = await stripe.customers.create({ email: 'home@example.com', name: 'Home Owner' });
    const home = await browser.get(
      (await stripe.billingPortal.sessions.create({ customer: customer.id, configuration: everything.id, return_url: RETURN_URL })).url,
    );
    const text = textOf(home.html);
    expect(text).toContain('Billing information');
    expect(text).toContain('Home Owner');
    const form = await browser.submit(home, 'Update information');
    const back = await browser.submit(form, 'Save', { name: 'New Owner', email: 'home@example.com' });
    expect(back.url).toMatch(/\?notice=customer_updated/);
    expect(textOf(back.html)).toContain('Your billing information has been updated.');
    expect(textOf(back.html)).toContain('New Owner');

    const off = await stripe.billingPortal.configurations.create({ features: { payment_method_update: { enabled: true } } });
    const plain = await stripe.billingPortal.sessions.create({ customer: customer.id, configuration: off.id, return_url: RETURN_URL });
    expect(buttonsOf((await browser.get(plain.url)).html)).not.toContain('Update information');
    expect((await browser.get(`${plain.url}/customer`)).status).toBe(403);
  });
});
