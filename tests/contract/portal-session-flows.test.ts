import type Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createCatalog,
  createConfiguration,
  eventsAbout,
  eventually,
  fullFeatures,
  RETURN_URL,
  subscribedCustomer,
  type Catalog,
} from './fixtures';
import { contractTargets, useTarget } from './target';

// Customer-portal sessions for every flow the app deep-links to, each with every after-completion
// behaviour: what Stripe echoes back in `flow` is what the hosted portal will carry out.

type FlowData = Stripe.BillingPortal.SessionCreateParams.FlowData;
type AfterCompletion = NonNullable<FlowData['after_completion']>;

const AFTER_COMPLETION: { name: string; params: AfterCompletion | undefined; echoed: Record<string, unknown> }[] = [
  {
    name: 'redirect',
    params: { type: 'redirect', redirect: { return_url: 'https://example.com/done' } },
    echoed: { type: 'redirect', redirect: { return_url: 'https://example.com/done' }, hosted_confirmation: null },
  },
  {
    name: 'hosted_confirmation',
    params: { type: 'hosted_confirmation', hosted_confirmation: { custom_message: 'All done.' } },
    echoed: { type: 'hosted_confirmation', hosted_confirmation: { custom_message: 'All done.' }, redirect: null },
  },
  // Left out, it is the portal homepage.
  { name: 'portal_homepage (default)', params: undefined, echoed: { type: 'portal_homepage', redirect: null, hosted_confirmation: null } },
];

const NO_FLOW_OBJECTS = {
  customer_update: null,
  subscription_cancel: null,
  subscription_pause: null,
  subscription_update: null,
  subscription_update_confirm: null,
};

for (const name of contractTargets()) {
  describe(`${name}: billing portal sessions with a flow`, () => {
    const target = useTarget(name);
    let catalog: Catalog;
    let configuration: Stripe.BillingPortal.Configuration;
    let subscriber: Awaited<ReturnType<typeof subscribedCustomer>>;
    let coupon: Stripe.Coupon;
    let promotionCode: Stripe.PromotionCode;

    beforeAll(async () => {
      const t = target();
      catalog = await createCatalog(t);
      configuration = await createConfiguration(t, { features: fullFeatures(catalog), default_return_url: RETURN_URL });
      subscriber = await subscribedCustomer(t, catalog.basic);
      coupon = t.track(await t.stripe.coupons.create({ percent_off: 20, duration: 'once', name: 'Stay with us', metadata: t.metadata }));
      promotionCode = t.track(
        await t.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, metadata: t.metadata }),
      );
    });

    const normaliser = () =>
      target().normaliser({
        configuration: configuration.id,
        customer: subscriber.customer.id,
        subscription: subscriber.subscription.id,
        item: subscriber.subscription.items.data[0]!.id,
        pro: catalog.pro.id,
        coupon: coupon.id,
        promotion_code: promotionCode.id,
      });

    const open = (flow: FlowData, extra: Partial<Stripe.BillingPortal.SessionCreateParams> = {}) =>
      target().stripe.billingPortal.sessions.create({
        customer: subscriber.customer.id,
        configuration: configuration.id,
        return_url: RETURN_URL,
        flow_data: flow,
        ...extra,
      });

    // Each flow: its flow_data, and the sub-object Stripe echoes for it.
    const flows = (): { type: FlowData['type']; data: Omit<FlowData, 'type' | 'after_completion'>; echoed: Record<string, unknown> }[] => {
      const item = subscriber.subscription.items.data[0]!.id;
      return [
        { type: 'payment_method_update', data: {}, echoed: {} },
        {
          type: 'subscription_cancel',
          data: { subscription_cancel: { subscription: subscriber.subscription.id } },
          echoed: { subscription_cancel: { subscription: '<subscription>', retention: null } },
        },
        {
          type: 'subscription_update',
          data: { subscription_update: { subscription: subscriber.subscription.id } },
          echoed: { subscription_update: { subscription: '<subscription>' } },
        },
        {
          type: 'subscription_update_confirm',
          data: { subscription_update_confirm: { subscription: subscriber.subscription.id, items: [{ id: item, price: catalog.pro.id }] } },
          echoed: {
            subscription_update_confirm: { subscription: '<subscription>', items: [{ id: '<item>', price: '<pro>' }], discounts: null },
          },
        },
      ];
    };

    it('echo every flow with every after-completion behaviour, on a hosted page, with an event', async () => {
      const t = target();
      for (const flow of flows()) {
        for (const completion of AFTER_COMPLETION) {
          const session = await open({ type: flow.type, ...flow.data, ...(completion.params && { after_completion: completion.params }) });
          const n = normaliser().name('session', session.id);
          expect(n.normalise(session), `${flow.type} → ${completion.name}`).toMatchObject({
            id: '<session>',
            object: 'billing_portal.session',
            configuration: '<configuration>',
            customer: '<customer>',
            created: 'now',
            livemode: false,
            locale: null,
            on_behalf_of: null,
            return_url: RETURN_URL,
            url: '<hosted page>',
          });
          expect(n.normalise(session.flow), `${flow.type} → ${completion.name}`).toEqual({
            ...NO_FLOW_OBJECTS,
            ...flow.echoed,
            type: flow.type,
            after_completion: completion.echoed,
          });
        }
      }

      const session = await open({ type: 'payment_method_update' }, { locale: 'fr' });
      expect(session.locale).toBe('fr');
      await expect.poll(async () => (await eventsAbout(t, session.id, 'billing_portal.session.created')).length, eventually(t)).toBe(1);
    });

    it('offer a retention coupon in the cancel flow', async () => {
      const session = await open({
        type: 'subscription_cancel',
        subscription_cancel: {
          subscription: subscriber.subscription.id,
          retention: { type: 'coupon_offer', coupon_offer: { coupon: coupon.id } },
        },
        after_completion: { type: 'redirect', redirect: { return_url: 'https://example.com/canceled' } },
      });
      expect(normaliser().normalise(session.flow?.subscription_cancel)).toEqual({
        subscription: '<subscription>',
        retention: { type: 'coupon_offer', coupon_offer: { coupon: '<coupon>' } },
      });
    });

    it('confirm a plan change with a coupon, or a quantity with a promotion code', async () => {
      const item = subscriber.subscription.items.data[0]!.id;
      const withCoupon = await open({
        type: 'subscription_update_confirm',
        subscription_update_confirm: {
          subscription: subscriber.subscription.id,
          items: [{ id: item, price: catalog.pro.id }],
          discounts: [{ coupon: coupon.id }],
        },
      });
      expect(normaliser().normalise(withCoupon.flow?.subscription_update_confirm)).toEqual({
        subscription: '<subscription>',
        items: [{ id: '<item>', price: '<pro>' }],
        discounts: [{ coupon: '<coupon>', promotion_code: null }],
      });

      const withCode = await open({
        type: 'subscription_update_confirm',
        subscription_update_confirm: {
          subscription: subscriber.subscription.id,
          items: [{ id: item, quantity: 3 }],
          discounts: [{ promotion_code: promotionCode.id }],
        },
      });
      expect(normaliser().normalise(withCode.flow?.subscription_update_confirm)).toEqual({
        subscription: '<subscription>',
        items: [{ id: '<item>', price: null, quantity: 3 }],
        discounts: [{ coupon: null, promotion_code: '<promotion_code>' }],
      });
    });
  });
}
