import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { emulatorSuite } from './emulator-suite.js';

// Products, prices, coupons and promotion codes: what billing set-up scripts declare.

const { stripe } = await emulatorSuite();

describe('products', () => {
  it('are created with a default price, updated and listed', async () => {
    const product = await stripe.products.create({
      name: 'Starter',
      description: 'For one person',
      metadata: { tier: '1' },
      default_price_data: { currency: 'usd', unit_amount: 900, recurring: { interval: 'month' } },
    });
    expect(product).toMatchObject({ object: 'product', name: 'Starter', active: true, description: 'For one person' });
    const price = await stripe.prices.retrieve(product.default_price as string);
    expect(price).toMatchObject({ product: product.id, unit_amount: 900, currency: 'usd', type: 'recurring' });

    const renamed = await stripe.products.update(product.id, { name: 'Starter plan', active: false });
    expect(renamed).toMatchObject({ name: 'Starter plan', active: false });
    expect(renamed.updated).toBeGreaterThanOrEqual(product.updated);

    const inactive = await stripe.products.list({ active: false });
    expect(inactive.data.map((found) => found.id)).toContain(product.id);
    expect((await stripe.products.list({ active: true })).data.map((found) => found.id)).not.toContain(product.id);
  });

  it('accept caller-chosen ids, once', async () => {
    const product = await stripe.products.create({ id: 'prod_custom_pro', name: 'Pro' });
    expect((await stripe.products.retrieve('prod_custom_pro')).id).toBe(product.id);
    await expect(stripe.products.create({ id: 'prod_custom_pro', name: 'Again' })).rejects.toMatchObject({
      code: 'resource_already_exists',
    });
  });
});

describe('prices', () => {
  it('are recurring by month or year, or one-time', async () => {
    const product = await stripe.products.create({ name: 'Team' });
    const monthly = await stripe.prices.create({
      product: product.id,
      currency: 'EUR',
      unit_amount: 2000,
      recurring: { interval: 'month' },
    });
    const yearly = await stripe.prices.create({
      product: product.id,
      currency: 'eur',
      unit_amount: 20000,
      recurring: { interval: 'year', trial_period_days: 14 },
      nickname: 'Yearly',
    });
    const once = await stripe.prices.create({ product: product.id, currency: 'eur', unit_amount: 5000 });
    expect(monthly).toMatchObject({ currency: 'eur', recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed' } });
    expect(String(monthly.unit_amount_decimal)).toBe('2000');
    expect(yearly.recurring).toMatchObject({ interval: 'year', trial_period_days: 14 });
    expect(once).toMatchObject({ type: 'one_time', recurring: null });

    const listed = await stripe.prices.list({ product: product.id, type: 'recurring' });
    expect(listed.data.map((price) => price.id)).toEqual([yearly.id, monthly.id]);
    const yearlyOnly = await stripe.prices.list({ product: product.id, recurring: { interval: 'year' } });
    expect(yearlyOnly.data.map((price) => price.id)).toEqual([yearly.id]);
  });

  it('create their product from product_data', async () => {
    const price = await stripe.prices.create({ currency: 'usd', unit_amount: 100, product_data: { name: 'Inline' } });
    const product = await stripe.products.retrieve(price.product as string);
    expect(product.name).toBe('Inline');
    await expect(stripe.prices.create({ currency: 'usd', unit_amount: 100 })).rejects.toMatchObject({ param: 'product' });
  });

  it('are found by lookup key, which is unique unless transferred', async () => {
    const product = await stripe.products.create({ name: 'Lookup' });
    const first = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 1000,
      lookup_key: 'lookup_monthly',
      recurring: { interval: 'month' },
    });
    await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 9000,
      lookup_key: 'lookup_yearly',
      recurring: { interval: 'year' },
    });

    await expect(
      stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1100, lookup_key: 'lookup_monthly' }),
    ).rejects.toMatchObject({ param: 'lookup_key', message: `A price (\`${first.id}\`) already uses that lookup key.` });

    const second = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 1100,
      lookup_key: 'lookup_monthly',
      transfer_lookup_key: true,
      recurring: { interval: 'month' },
    });
    expect((await stripe.prices.retrieve(first.id)).lookup_key).toBeNull();

    const found = await stripe.prices.list({ lookup_keys: ['lookup_monthly', 'lookup_yearly'], expand: ['data.product'] });
    expect(found.data.map((price) => price.lookup_key).sort()).toEqual(['lookup_monthly', 'lookup_yearly']);
    expect(found.data.find((price) => price.lookup_key === 'lookup_monthly')?.id).toBe(second.id);
    expect((found.data[0]!.product as Stripe.Product).name).toBe('Lookup');
  });

  it('are archived with active=false', async () => {
    const price = await stripe.prices.create({ currency: 'usd', unit_amount: 100, product_data: { name: 'Archived' } });
    const archived = await stripe.prices.update(price.id, { active: false });
    expect(archived.active).toBe(false);
    expect((await stripe.prices.list({ active: false })).data.map((found) => found.id)).toContain(price.id);
    const events = await stripe.events.list({ type: 'price.updated' });
    expect(events.data[0]?.data.previous_attributes).toEqual({ active: true });
  });
});

describe('coupons', () => {
  it('take a percentage or an amount with a currency', async () => {
    const percent = await stripe.coupons.create({ percent_off: 25, duration: 'repeating', duration_in_months: 3, name: 'Quarter off' });
    expect(percent).toMatchObject({
      object: 'coupon',
      percent_off: 25,
      amount_off: null,
      duration: 'repeating',
      duration_in_months: 3,
      valid: true,
    });
    const amount = await stripe.coupons.create({ id: 'TENOFF', amount_off: 1000, currency: 'usd', duration: 'once' });
    expect(amount).toMatchObject({ id: 'TENOFF', amount_off: 1000, currency: 'usd', duration: 'once' });
    const forever = await stripe.coupons.create({ percent_off: 10 });
    expect(forever.duration).toBe('once');
    expect((await stripe.coupons.retrieve('TENOFF')).amount_off).toBe(1000);
    expect((await stripe.coupons.update('TENOFF', { name: 'Ten off' })).name).toBe('Ten off');
    expect((await stripe.coupons.list({ limit: 3 })).data.map((coupon) => coupon.id)).toEqual([forever.id, 'TENOFF', percent.id]);
  });

  it('are validated as Stripe does', async () => {
    await expect(stripe.coupons.create({ amount_off: 500 })).rejects.toMatchObject({ code: 'parameter_missing', param: 'currency' });
    await expect(stripe.coupons.create({ percent_off: 10, duration: 'repeating' })).rejects.toMatchObject({
      code: 'parameter_missing',
      param: 'duration_in_months',
    });
    await expect(stripe.coupons.create({ duration: 'forever' })).rejects.toMatchObject({ statusCode: 400 });
    await expect(stripe.coupons.create({ percent_off: 150 })).rejects.toMatchObject({ param: 'percent_off' });
  });
});

describe('promotion codes', () => {
  it('are created for a coupon, listed by code and active, and retrieved', async () => {
    const coupon = await stripe.coupons.create({ percent_off: 20, duration: 'forever' });
    const code = await stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: coupon.id },
      code: 'SPRING20',
      max_redemptions: 5,
    });
    expect(code).toMatchObject({
      object: 'promotion_code',
      code: 'SPRING20',
      active: true,
      promotion: { type: 'coupon', coupon: coupon.id },
      max_redemptions: 5,
      times_redeemed: 0,
    });
    const generated = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, active: false });
    expect(generated.code).toMatch(/^[A-Z0-9]{8}$/);

    expect((await stripe.promotionCodes.list({ code: 'spring20' })).data.map((found) => found.id)).toEqual([code.id]);
    expect((await stripe.promotionCodes.list({ active: false })).data.map((found) => found.id)).toEqual([generated.id]);
    const retrieved = await stripe.promotionCodes.retrieve(code.id, { expand: ['promotion.coupon'] });
    expect((retrieved.promotion.coupon as Stripe.Coupon).percent_off).toBe(20);

    const deactivated = await stripe.promotionCodes.update(code.id, { active: false });
    expect(deactivated.active).toBe(false);
  });

  it('keep active codes unique and need an existing coupon', async () => {
    const coupon = await stripe.coupons.create({ percent_off: 5 });
    await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'ONLYONE' });
    await expect(stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'onlyone' })).rejects.toMatchObject(
      { param: 'code', message: 'An active promotion code with `code: onlyone` already exists.' },
    );
    await expect(stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: 'NOPE' } })).rejects.toMatchObject({
      code: 'resource_missing',
      param: 'promotion[coupon]',
      message: "No such coupon: 'NOPE'",
    });
    await expect(stripe.promotionCodes.create({ coupon: coupon.id } as unknown as Stripe.PromotionCodeCreateParams)).rejects.toMatchObject({
      code: 'parameter_unknown',
      param: 'coupon',
    });
  });
});
