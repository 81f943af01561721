import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Pricing' };

export default function PricingPage() {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-3xl font-semibold tracking-tight text-zinc-950">Pricing</h1>
        <p className="mt-2 text-zinc-600">Simple plans, billed monthly or yearly. Change or cancel at any time.</p>
      </div>
      <div className="rounded-lg border border-dashed border-zinc-300 bg-white p-8 text-center">
        <h2 className="font-medium text-zinc-950">No plans are available yet</h2>
        <p className="mt-1 text-sm text-zinc-600">Plans appear here once billing has been set up for this site.</p>
      </div>
    </div>
  );
}
