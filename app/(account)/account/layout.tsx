import type { ReactNode } from 'react';
import { requireUser } from '@/lib/auth';

// Checked here, before anything streams, so a visitor gets a real redirect (307)
// to /signin. Pages and actions still check for themselves: a layout does not run
// on every request that reaches them.
//
// There is deliberately no loading.tsx under /account: a streamed Suspense
// boundary is revealed by inline JavaScript, so without JavaScript the page would
// never leave its loading state. The page reads only our database and renders in
// milliseconds; the buttons show their own pending state.
export default async function AccountLayout({ children }: { children: ReactNode }) {
  await requireUser('/account');
  return children;
}
