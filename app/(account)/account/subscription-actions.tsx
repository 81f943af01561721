import { getTranslations } from 'next-intl/server';
import { ActionForm } from '@/components/action-form';
import type { ActionState } from '@/lib/billing/customer-action';
import { flowOffered } from '@/lib/billing/portal';
import { hasPendingChange, isCancelable, isChangeable, isPausable, isRenewable, isResumable } from '@/lib/billing/subscription-state';
import type { Subscription } from '@/lib/db/schema';
import {
  cancelSubscriptionAction,
  changePlanAction,
  keepCurrentPlanAction,
  keepSubscriptionAction,
  pauseSubscriptionAction,
  resumeSubscriptionAction,
} from './actions';

interface SubscriptionButton {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  label: 'resume' | 'keepCurrentPlan' | 'changePlan' | 'pause' | 'cancel' | 'keepMyPlan';
  /** What the button says while its action runs: opening the portal unless the action acts itself. */
  pending?: 'resuming' | 'keeping';
  variant?: 'primary' | 'danger';
}

/**
 * The buttons a subscription offers, in order, each shown only in a state its action accepts
 * (the action checks the state again: the page may be stale). "Cancel" and "Keep my plan" are
 * one place: a subscription set to cancel offers the undoing instead.
 */
function buttonsFor(subscription: Subscription): SubscriptionButton[] {
  const cancelOrKeep: SubscriptionButton | null = isCancelable(subscription)
    ? { action: cancelSubscriptionAction, label: 'cancel', variant: 'danger' }
    : isRenewable(subscription)
      ? { action: keepSubscriptionAction, label: 'keepMyPlan', pending: 'keeping', variant: 'primary' }
      : null;
  const buttons: (SubscriptionButton | null)[] = [
    isResumable(subscription) ? { action: resumeSubscriptionAction, label: 'resume', pending: 'resuming', variant: 'primary' } : null,
    hasPendingChange(subscription)
      ? { action: keepCurrentPlanAction, label: 'keepCurrentPlan', pending: 'keeping', variant: 'primary' }
      : null,
    isChangeable(subscription) ? { action: changePlanAction, label: 'changePlan' } : null,
    flowOffered('subscription_pause') && isPausable(subscription) ? { action: pauseSubscriptionAction, label: 'pause' } : null,
    cancelOrKeep,
  ];
  return buttons.filter((button) => button !== null);
}

/** A subscription card's buttons: each posts the subscription's id to its server action. */
export async function SubscriptionActions({ subscription }: { subscription: Subscription }) {
  const t = await getTranslations('Account');
  return buttonsFor(subscription).map(({ action, label, pending, variant }) => (
    <ActionForm
      key={label}
      action={action}
      fields={{ subscriptionId: subscription.id }}
      pendingLabel={t(pending ?? 'opening')}
      variant={variant}
    >
      {t(label)}
    </ActionForm>
  ));
}
