import { z } from 'zod';
import { errorCodes } from './error-catalog.js';

export { errorCatalog, errorCodes, errorStatus, type ErrorCode } from './error-catalog.js';

export const ErrorCodeSchema = z.enum(errorCodes).meta({ id: 'ErrorCode' });

export const ErrorDetailSchema = z
  .object({
    path: z.string().describe('dotted path of the offending field, e.g. `postalCode`'),
    message: z.string().describe('Japanese message for this field'),
    messageEn: z.string().optional(),
  })
  .meta({ id: 'ErrorDetail' });
export type { ErrorDetail } from './types.js';

export const ErrorEnvelopeSchema = z
  .object({
    error: z.object({
      code: ErrorCodeSchema,
      message: z.string().describe('Japanese message, as the portal would show it'),
      messageEn: z.string().describe('English message'),
      requestId: z.string().optional(),
      details: z.array(ErrorDetailSchema).optional(),
      /** Retry hint in seconds for 429/503 (also sent as `Retry-After`). */
      retryAfter: z.number().int().optional(),
      /** OTP_INCORRECT: tries left before the challenge is void (R-FMT-7). */
      attemptsLeft: z.number().int().optional(),
    }),
  })
  .meta({ id: 'Error' });
export type { ErrorEnvelope } from './types.js';

