import type { ReactNode } from 'react';
import type Stripe from 'stripe';
import type { Localized } from '../i18n/index.js';
import { Frame } from '../layout.js';
import type { Notice, PortalContext } from '../session.js';
import { idOf } from '../../ids.js';
import { scheduledResume } from '../../resources/subscription-schedules.js';
import { pendingChange } from '../actions.js';
import { priceName } from '../components.js';

/**
 * What the portal's pages share: the frame of a session's page, a GET button, and the wording of
 * plans, discounts and notices. Each page is a plain component in its own file, rendered to static
 * HTML; forms post back to the emulator and every action is a `<button>`. Pages inside a flow show
 * only the flow's task.
 */

export function PortalFrame({ context, title, children }: { context: PortalContext; title: string; children: ReactNode }) {
  const { l, configuration } = context;
  const profile = configuration.business_profile;
  const links = [
    ...(profile.privacy_policy_url ? [{ href: profile.privacy_policy_url, label: l.t.privacyPolicy }] : []),
    ...(profile.terms_of_service_url ? [{ href: profile.terms_of_service_url, label: l.t.termsOfService }] : []),
  ];
  return (
    <Frame
      l={l}
      title={title === l.t.portalTitle ? title : `${title} · ${l.t.portalTitle}`}
      back={context.back}
      businessName={context.businessName}
      headline={context.flow ? null : profile.headline}
      links={links}
    >
      {children}
    </Frame>
  );
}

/** A button that leads somewhere with a GET, so that it works without JavaScript. */
export function LinkButton({
  action,
  label,
  params = {},
  secondary = true,
}: {
  action: string;
  label: string;
  params?: Record<string, string>;
  secondary?: boolean;
}) {
  return (
    <form className="inline" method="get" action={action}>
      {Object.entries(params).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className={secondary ? 'secondary' : undefined}>
        {label}
      </button>
    </form>
  );
}

const BRANDS: Readonly<Record<string, string>> = {
  amex: 'American Express',
  american_express: 'American Express',
  diners: 'Diners Club',
  diners_club: 'Diners Club',
  discover: 'Discover',
  jcb: 'JCB',
  mastercard: 'Mastercard',
  unionpay: 'UnionPay',
  visa: 'Visa',
};

export function brandName(brand: string): string {
  return BRANDS[brand] ?? brand;
}

/** "Pro" for a one-item subscription, "Pro, Extra seats" for several. */
export function planName(context: PortalContext, subscription: Stripe.Subscription): string {
  return subscription.items.data.map((item) => priceName(context.store.products, item.price)).join(', ');
}

export function periodEnd(subscription: Stripe.Subscription): number {
  return subscription.items.data[0]?.current_period_end ?? subscription.billing_cycle_anchor;
}

export function discountText(l: Localized, coupon: Stripe.Coupon): string {
  const amount =
    coupon.percent_off !== null
      ? l.t.percentOff(new Intl.NumberFormat(l.intlLocale).format(coupon.percent_off))
      : l.t.amountOff(l.money(coupon.amount_off ?? 0, coupon.currency ?? 'usd'));
  const duration = (['once', 'repeating', 'forever'] as const).find((candidate) => candidate === coupon.duration) ?? 'once';
  return `${amount} ${l.t.couponDuration(duration, coupon.duration_in_months)}`;
}

/** When a paused subscription resumes by itself, or null when it waits to be resumed. */
export function pausedUntil(context: PortalContext, subscriptionId: string): number | null {
  const subscription = context.store.subscriptions.get(subscriptionId);
  const scheduleId = subscription?.status === 'paused' ? idOf(subscription.schedule) : null;
  const schedule = scheduleId ? context.store.subscription_schedules.get(scheduleId) : undefined;
  return schedule ? scheduledResume(schedule) : null;
}

/** The success message of a completed action, in the page's language. */
export function noticeMessage(context: PortalContext, notice: Notice): string {
  const { t } = context.l;
  switch (notice.kind) {
    case 'payment_method_updated':
      return t.paymentMethodUpdated;
    case 'offer_accepted':
      return t.offerAccepted;
    case 'subscription_updated':
      return t.subscriptionUpdated;
    case 'customer_updated':
      return t.customerUpdated;
    case 'subscription_resumed':
      return t.subscriptionResumed;
    case 'update_scheduled': {
      const pending = notice.subscription ? pendingChange(context.store, notice.subscription) : null;
      return pending
        ? t.updateScheduled(priceName(context.store.products, pending.price), context.l.date(pending.at))
        : t.subscriptionUpdated;
    }
    case 'plan_kept':
      return t.planKept;
    case 'subscription_renewed':
      return t.subscriptionRenewed;
    case 'subscription_paused': {
      const resumeAt = notice.subscription ? pausedUntil(context, notice.subscription) : null;
      return resumeAt === null ? t.subscriptionPaused : t.subscriptionPausedUntil(context.l.date(resumeAt));
    }
    case 'subscription_canceled': {
      const subscription = notice.subscription ? context.store.subscriptions.get(notice.subscription) : undefined;
      if (subscription && subscription.status !== 'canceled' && subscription.cancel_at !== null) {
        return t.subscriptionCancelsOn(context.l.date(subscription.cancel_at));
      }
      return t.subscriptionCanceled;
    }
  }
}
