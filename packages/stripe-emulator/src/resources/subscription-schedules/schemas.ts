import { z } from 'zod';
import { formArray, formInt, metadataParam } from '../../params.js';

// The parameters of `POST /v1/subscription_schedules` and `POST /v1/subscription_schedules/:id`,
// as far as the emulator models them: phases of items with dates or durations, `end_behavior`,
// metadata. Settings it does not model (`default_settings`, `pause_schedules`, coupons and taxes
// per phase, trials) are refused as unknown parameters.

const prorationBehavior = z.enum(['always_invoice', 'create_prorations', 'none']);
const timestampOrNow = z.union([z.literal('now'), formInt()]);

const phaseItem = z.strictObject({
  price: z.string(),
  quantity: formInt(z.number().int().min(1)).optional(),
  metadata: metadataParam().optional(),
});

const phaseShape = {
  items: formArray(phaseItem),
  duration: z
    .strictObject({
      interval: z.enum(['day', 'week', 'month', 'year']),
      interval_count: formInt(z.number().int().min(1)).optional(),
    })
    .optional(),
  proration_behavior: prorationBehavior.optional(),
  metadata: z.record(z.string(), z.string()).optional(),
};

// Only the update sets a phase's `start_date`; a created schedule's phases follow its `start_date`.
const createPhase = z.strictObject({ ...phaseShape, end_date: formInt().optional() });
const updatePhase = z.strictObject({ ...phaseShape, start_date: timestampOrNow.optional(), end_date: timestampOrNow.optional() });

// `none` and `renew` are legacy values of `end_behavior` that the emulator does not model.
const endBehavior = z.enum(['cancel', 'release']);

export const createScheduleSchema = z.strictObject({
  customer: z.string().optional(),
  from_subscription: z.string().optional(),
  phases: formArray(createPhase).optional(),
  start_date: timestampOrNow.optional(),
  end_behavior: endBehavior.optional(),
  metadata: metadataParam().optional(),
});

export const updateScheduleSchema = z.strictObject({
  phases: formArray(updatePhase).optional(),
  end_behavior: endBehavior.optional(),
  proration_behavior: prorationBehavior.optional(),
  metadata: metadataParam().optional(),
});

export type ScheduleCreateInput = z.output<typeof createScheduleSchema>;
export type ScheduleUpdateInput = z.output<typeof updateScheduleSchema>;
export type PhaseInput = z.output<typeof updatePhase>;
