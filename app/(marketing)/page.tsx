import Link from 'next/link';

const flows = [
  { button: 'Update card', flow: 'payment_method_update', text: 'Opens the portal straight on the card form.' },
  { button: 'Change plan', flow: 'subscription_update', text: 'Shows the plans this subscription can move to.' },
  { button: 'Cancel', flow: 'subscription_cancel', text: 'Confirms the cancellation, with an optional retention offer.' },
  { button: 'Switch plan', flow: 'subscription_update_confirm', text: 'Confirms a plan chosen on our pricing page, with a promotion code.' },
];

export default function HomePage() {
  return (
    <div className="space-y-16">
      <section className="max-w-2xl">
        <h1 className="text-4xl font-semibold tracking-tight text-zinc-950 sm:text-5xl">
          Every billing task, one click away.
        </h1>
        <p className="mt-4 text-lg text-zinc-600">
          Manage your subscription from your account page. Each button takes you straight to the step you need in
          Stripe&apos;s customer portal, and brings you back to a page that is already up to date.
        </p>
        <div className="mt-8 flex flex-wrap gap-3">
          <Link
            href="/pricing"
            className="rounded-md bg-brand-600 px-5 py-2.5 text-sm font-medium text-white shadow-sm hover:bg-brand-700"
          >
            See plans
          </Link>
          <Link
            href="/account"
            className="rounded-md border border-zinc-300 bg-white px-5 py-2.5 text-sm font-medium text-zinc-900 shadow-sm hover:bg-zinc-50"
          >
            Go to your account
          </Link>
        </div>
      </section>

      <section aria-labelledby="flows-heading">
        <h2 id="flows-heading" className="text-lg font-semibold text-zinc-950">
          How it works
        </h2>
        <ul className="mt-4 grid gap-4 sm:grid-cols-2">
          {flows.map((item) => (
            <li key={item.flow} className="rounded-lg border border-zinc-200 bg-white p-5 shadow-sm">
              <p className="font-medium text-zinc-950">{item.button}</p>
              <p className="mt-1 text-sm text-zinc-600">{item.text}</p>
              <p className="mt-3 font-mono text-xs text-zinc-500">flow_data.type = {item.flow}</p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
