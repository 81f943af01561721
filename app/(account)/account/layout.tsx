import type { ReactNode } from 'react';
import { requireUser } from '@/lib/auth';

// Checked here, above the loading boundary, so a visitor gets a real redirect
// (307) to /signin instead of a streamed page. Pages and actions still check for
// themselves: a layout does not run on every request that reaches them.
export default async function AccountLayout({ children }: { children: ReactNode }) {
  await requireUser('/account');
  return children;
}
