import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="mx-auto max-w-md py-16 text-center">
      <p className="text-sm font-semibold text-brand-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-zinc-950">Page not found</h1>
      <p className="mt-2 text-sm text-zinc-600">The page you asked for does not exist or has moved.</p>
      <Link href="/" className="mt-6 inline-flex text-sm font-medium text-brand-700 hover:underline">
        Back to the home page
      </Link>
    </div>
  );
}
