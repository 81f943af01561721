import type Stripe from 'stripe';
import { invalidParam, invalidRequest, parameterMissing, resourceMissing } from '../../errors.js';
import { customerIdOf, idOf } from '../../ids.js';
import type { Store } from '../../store.js';
import { configurationOffersPrice, quantityBounds } from '../billing-portal-configurations/index.js';
import { couponIsValid, requireCoupon } from '../coupons.js';
import { hasEnded, pauseRefusal, requireSubscription } from '../subscriptions/index.js';
import { requireUrl } from '../../portal/urls.js';
import { MAX_CUSTOM_MESSAGE, type FlowData } from './schemas.js';

// A session's `flow_data`: everything Stripe checks when the session is created, and the flow object it stores.

type Flow = Stripe.BillingPortal.Session.Flow;

type SubscriptionFlowType = 'subscription_pause' | 'subscription_cancel' | 'subscription_update' | 'subscription_update_confirm';

/**
 * A subscription flow's `flow_data[<type>]`, which it requires, and the subscription it names,
 * which must be the customer's; `param` names that subscription in errors.
 */
function subscriptionFlow<K extends SubscriptionFlowType>(
  store: Store,
  flow: FlowData,
  type: K,
  customerId: string,
): { details: NonNullable<FlowData[K]>; subscription: Stripe.Subscription; param: string } {
  const details = flow[type];
  if (!details) throw parameterMissing(`flow_data[${type}]`);
  const param = `flow_data[${type}][subscription]`;
  const subscription = requireSubscription(store, details.subscription, param);
  if (customerIdOf(subscription) !== customerId) {
    throw invalidParam(`The subscription ${details.subscription} does not belong to the customer ${customerId}.`, param);
  }
  return { details, subscription, param };
}

function requireUpdatable(subscription: Stripe.Subscription, configuration: Stripe.BillingPortal.Configuration): void {
  if (!configuration.features.subscription_update.enabled) {
    throw invalidRequest(
      'This subscription cannot be updated because the subscription update feature in the portal configuration is disabled.',
    );
  }
  if (hasEnded(subscription)) {
    throw invalidRequest(`The subscription ${subscription.id} is canceled and cannot be updated.`);
  }
}

/** Checks `flow_data` against the customer, the configuration and the subscription it names. */
export function validateFlow(store: Store, flow: FlowData, customerId: string, configuration: Stripe.BillingPortal.Configuration): void {
  const completion = flow.after_completion;
  if (completion?.type === 'redirect') {
    if (!completion.redirect) throw parameterMissing('flow_data[after_completion][redirect]');
    requireUrl(completion.redirect.return_url, 'flow_data[after_completion][redirect][return_url]');
  }
  const message = completion?.hosted_confirmation?.custom_message;
  if (message !== undefined && message.length > MAX_CUSTOM_MESSAGE) {
    throw invalidParam(
      `Invalid string: ${message.slice(0, 20)}...; must be at most ${MAX_CUSTOM_MESSAGE} characters`,
      'flow_data[after_completion][hosted_confirmation][custom_message]',
    );
  }

  switch (flow.type) {
    case 'customer_update':
      if (!configuration.features.customer_update.enabled || configuration.features.customer_update.allowed_updates.length === 0) {
        throw invalidRequest('The customer cannot be updated because the customer update feature in the portal configuration is disabled.');
      }
      return;
    case 'payment_method_update':
      return;
    case 'subscription_pause': {
      const { subscription, param } = subscriptionFlow(store, flow, 'subscription_pause', customerId);
      if (!configuration.features.subscription_pause.enabled) {
        throw invalidRequest(
          'This subscription cannot be paused because the subscription pause feature in the portal configuration is disabled.',
        );
      }
      const refusal = pauseRefusal(subscription);
      if (refusal) throw invalidParam(refusal, param);
      return;
    }
    case 'subscription_cancel': {
      const { details: cancel, subscription, param } = subscriptionFlow(store, flow, 'subscription_cancel', customerId);
      if (hasEnded(subscription) || subscription.cancel_at_period_end || subscription.cancel_at !== null) {
        throw invalidParam(`The subscription ${subscription.id} is already set to be canceled at period end.`, param);
      }
      if (cancel.retention) {
        const couponParam = 'flow_data[subscription_cancel][retention][coupon_offer][coupon]';
        const coupon = requireCoupon(store, cancel.retention.coupon_offer.coupon, couponParam);
        if (!couponIsValid(store, coupon)) throw invalidParam(`Coupon ${coupon.id} is no longer valid.`, couponParam);
      }
      return;
    }
    case 'subscription_update': {
      requireUpdatable(subscriptionFlow(store, flow, 'subscription_update', customerId).subscription, configuration);
      return;
    }
    case 'subscription_update_confirm': {
      const { details: confirm, subscription } = subscriptionFlow(store, flow, 'subscription_update_confirm', customerId);
      validateUpdateConfirm(store, confirm, subscription, configuration);
      return;
    }
  }
}

function validateUpdateConfirm(
  store: Store,
  confirm: NonNullable<FlowData['subscription_update_confirm']>,
  subscription: Stripe.Subscription,
  configuration: Stripe.BillingPortal.Configuration,
): void {
  const base = 'flow_data[subscription_update_confirm]';
  requireUpdatable(subscription, configuration);

  const [item, ...others] = confirm.items;
  if (!item) throw parameterMissing(`${base}[items]`);
  if (others.length > 0) throw invalidParam('Only one subscription item can be updated in this flow.', `${base}[items]`);
  if (subscription.items.data.length > 1) {
    throw invalidParam(
      `The subscription ${subscription.id} has more than one item and cannot be updated in this flow.`,
      `${base}[subscription]`,
    );
  }
  const current = subscription.items.data.find((entry) => entry.id === item.id);
  if (!current) throw resourceMissing('subscription_item', item.id, `${base}[items][0][id]`);

  if (item.price !== undefined) {
    const price = store.prices.get(item.price);
    if (!price) throw resourceMissing('price', item.price, `${base}[items][0][price]`);
    if (!configurationOffersPrice(configuration, price.id)) {
      throw invalidParam(
        `The price ${price.id} is not one of the prices the portal configuration offers for subscription updates (features[subscription_update][products]).`,
        `${base}[items][0][price]`,
      );
    }
  }
  if (item.quantity !== undefined && item.quantity !== (current.quantity ?? 1)) {
    const price = item.price !== undefined ? store.prices.get(item.price) : current.price;
    const problem = price ? quantityProblem(configuration, idOf(price.product), item.quantity) : null;
    if (problem) throw invalidParam(problem, `${base}[items][0][quantity]`);
  }

  const discounts = confirm.discounts ?? [];
  if (discounts.length > 1) throw invalidParam('Only one discount can be applied in this flow.', `${base}[discounts]`);
  discounts.forEach((discount, index) => {
    const param = `${base}[discounts][${index}]`;
    if ((discount.coupon === undefined) === (discount.promotion_code === undefined)) {
      throw invalidParam('You must specify exactly one of `coupon` or `promotion_code` in each discount.', param);
    }
    if (discount.coupon !== undefined) {
      const coupon = requireCoupon(store, discount.coupon, `${param}[coupon]`);
      if (!couponIsValid(store, coupon)) throw invalidParam(`Coupon ${coupon.id} is no longer valid.`, `${param}[coupon]`);
    }
    if (discount.promotion_code !== undefined) {
      const promotionCode = store.promotion_codes.get(discount.promotion_code);
      if (!promotionCode) throw resourceMissing('promotion code', discount.promotion_code, `${param}[promotion_code]`);
      if (!promotionCode.active) {
        throw invalidParam(`The promotion code ${promotionCode.id} is not active.`, `${param}[promotion_code]`);
      }
    }
  });

  const priceChanges = item.price !== undefined && item.price !== current.price.id;
  const quantityChanges = item.quantity !== undefined && item.quantity !== (current.quantity ?? 1);
  if (!priceChanges && !quantityChanges && discounts.length === 0) {
    throw invalidRequest('Cannot update the subscription because there are no changes to confirm.');
  }
}

/** Why the configuration does not let a customer choose `quantity` of the product, or null. */
export function quantityProblem(configuration: Stripe.BillingPortal.Configuration, productId: string, quantity: number): string | null {
  const bounds = quantityBounds(configuration, productId);
  if (!bounds) {
    return `The quantity of product ${productId} cannot be changed: the portal configuration does not make it adjustable (features[subscription_update][products][][adjustable_quantity]).`;
  }
  if (quantity < bounds.minimum) {
    return `The quantity ${quantity} is below the minimum of ${bounds.minimum} the portal configuration allows for product ${productId}.`;
  }
  if (bounds.maximum !== null && quantity > bounds.maximum) {
    return `The quantity ${quantity} is above the maximum of ${bounds.maximum} the portal configuration allows for product ${productId}.`;
  }
  return null;
}

/** `flow` as Stripe returns it: `after_completion` and the sub-object of the flow's type, the others null. */
export function flowObject(flow: FlowData): Flow {
  const completion = flow.after_completion ?? { type: 'portal_homepage' as const };
  const cancel = flow.type === 'subscription_cancel' ? flow.subscription_cancel : undefined;
  const update = flow.type === 'subscription_update' ? flow.subscription_update : undefined;
  const confirm = flow.type === 'subscription_update_confirm' ? flow.subscription_update_confirm : undefined;
  const pause = flow.type === 'subscription_pause' ? flow.subscription_pause : undefined;
  return {
    after_completion: {
      hosted_confirmation:
        completion.type === 'hosted_confirmation' ? { custom_message: completion.hosted_confirmation?.custom_message ?? null } : null,
      redirect: completion.type === 'redirect' && completion.redirect ? { return_url: completion.redirect.return_url } : null,
      type: completion.type,
    },
    customer_update: flow.type === 'customer_update' ? {} : null,
    subscription_cancel: cancel
      ? {
          retention: cancel.retention ? { coupon_offer: { coupon: cancel.retention.coupon_offer.coupon }, type: 'coupon_offer' } : null,
          subscription: cancel.subscription,
        }
      : null,
    subscription_pause: pause ? { subscription: pause.subscription } : null,
    subscription_update: update ? { subscription: update.subscription } : null,
    subscription_update_confirm: confirm
      ? {
          discounts: confirm.discounts
            ? confirm.discounts.map((discount) => ({
                coupon: discount.coupon ?? null,
                promotion_code: discount.promotion_code ?? null,
              }))
            : null,
          items: confirm.items.map((item) => ({
            id: item.id,
            price: item.price ?? null,
            ...(item.quantity !== undefined && { quantity: item.quantity }),
          })),
          subscription: confirm.subscription,
        }
      : null,
    type: flow.type,
  };
}
