import type Stripe from 'stripe';
import { noParams, parseParams } from '../params.js';
import type { EmulatorModule } from '../router.js';
import type { Store } from '../store.js';

/**
 * `GET /v1/account`: the account the secret key belongs to. Each emulator state is its own
 * account: the id is made on first use, kept with the state, and a new one follows a reset,
 * so ids recorded against one emulator are recognisably not another's.
 */

interface AccountRecord {
  id: string;
  created: number;
}

function currentAccount(store: Store): AccountRecord {
  const accounts = store.extra<AccountRecord>('account');
  const [existing] = accounts.values();
  return existing ?? accounts.set({ id: store.newId('acct'), created: store.now() });
}

const emptyRequirements = {
  alternatives: [],
  current_deadline: null,
  currently_due: [],
  disabled_reason: null,
  errors: [],
  eventually_due: [],
  past_due: [],
  pending_verification: [],
};

function accountObject(store: Store): Stripe.Account {
  const { id, created } = currentAccount(store);
  return {
    id,
    object: 'account',
    business_profile: {
      annual_revenue: null,
      estimated_worker_count: null,
      mcc: null,
      minority_owned_business_designation: null,
      name: 'Stripe emulator',
      product_description: null,
      specified_commercial_transactions_act_url: null,
      support_address: null,
      support_email: null,
      support_phone: null,
      support_url: null,
      url: null,
    },
    business_type: null,
    capabilities: { card_payments: 'active', transfers: 'active' },
    charges_enabled: true,
    controller: { type: 'account' },
    country: 'US',
    created,
    default_currency: 'usd',
    details_submitted: true,
    email: null,
    external_accounts: { object: 'list', data: [], has_more: false, url: `/v1/accounts/${id}/external_accounts` },
    future_requirements: emptyRequirements,
    metadata: {},
    payouts_enabled: true,
    requirements: emptyRequirements,
    settings: null,
    tos_acceptance: { date: null, ip: null, user_agent: null },
    type: 'standard',
  };
}

export const accountModule: EmulatorModule = {
  name: 'account',
  apiRoutes: [
    {
      method: 'GET',
      path: '/v1/account',
      handler: ({ store, params }) => {
        parseParams(noParams, params);
        return accountObject(store);
      },
    },
  ],
};
