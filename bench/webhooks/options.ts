import { parseArgs } from 'node:util';

export interface WebhookBenchOptions {
  events: number;
  customers: number;
  concurrency: number;
  latencyMs: number;
  rateLimit: number;
  skipBuild: boolean;
}

const USAGE = `usage: npm run bench:webhooks -- [--events N] [--customers N] [--concurrency N] [--latency-ms N] [--rate-limit N] [--skip-build]

  --events N        distinct events, spread evenly over the customers, each delivered twice (default 10000; 1 to 100000)
  --customers N     customers they are about (default 1000; 1 to 10000, at most --events)
  --concurrency N   deliveries in flight (default 20; 1 to 200)
  --latency-ms N    the emulator's answer time, ± a third of it (default 150; 0 to 5000)
  --rate-limit N    the emulator's requests per second, Stripe's 429 beyond (default 25, test mode's; 2 to 1000)
  --skip-build      use the existing builds (.next and bench/floor/.next)`;

const RANGES = {
  events: [1, 100_000],
  customers: [1, 10_000],
  concurrency: [1, 200],
  'latency-ms': [0, 5000],
  'rate-limit': [2, 1000],
} as const;

/** The bench's options, or exit 2 with what was wrong and the usage. */
export function parseWebhookBenchOptions(argv: string[]): WebhookBenchOptions {
  const fail = (message: string): never => {
    console.error(`✗ ${message}\n\n${USAGE}`);
    process.exit(2);
  };
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        events: { type: 'string', default: '10000' },
        customers: { type: 'string', default: '1000' },
        concurrency: { type: 'string', default: '20' },
        'latency-ms': { type: 'string', default: '150' },
        'rate-limit': { type: 'string', default: '25' },
        'skip-build': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const number = (name: keyof typeof RANGES) => {
    const text = String(values[name]);
    const [min, max] = RANGES[name];
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max)
      fail(`--${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(text)})`);
    return value;
  };
  const options = {
    events: number('events'),
    customers: number('customers'),
    concurrency: number('concurrency'),
    latencyMs: number('latency-ms'),
    rateLimit: number('rate-limit'),
    skipBuild: values['skip-build'] === true,
  };
  if (options.customers > options.events)
    fail(`--customers (${options.customers}) must be at most --events (${options.events}): each customer needs an event`);
  return options;
}
