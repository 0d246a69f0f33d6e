import { ApiError } from '../errors.js';

/**
 * D-2: the one rate table of call charges. Domestic calls (ひかり電話 / PSTN, 県内 / 県間) cost
 * 8 yen per started 3 minutes; calls to mobiles (移動体) 16 yen per started minute. A call of
 * 0 seconds (not connected) costs nothing. The guide's sample rows (chapter 7) follow from it:
 * 00:01:02 → 8円, 00:03:06 → 16円, 移動体 00:00:05 → 16円.
 */
export const RATE_TABLE: Readonly<Record<string, { yen: number; perSeconds: number }>> = {
  'ひかり電話・県内': { yen: 8, perSeconds: 180 },
  'ひかり電話・県間': { yen: 8, perSeconds: 180 },
  'PSTN・県内': { yen: 8, perSeconds: 180 },
  'PSTN・県間': { yen: 8, perSeconds: 180 },
  '移動体': { yen: 16, perSeconds: 60 },
};

export const USAGE_TYPES = Object.keys(RATE_TABLE);

export function isUsageType(usageType: string): boolean {
  return Object.hasOwn(RATE_TABLE, usageType);
}

/** Charge in yen of one call (D-2). Throws VALIDATION_FAILED for a usage type not in the table. */
export function callCharge(usageType: string, durationSeconds: number): number {
  const rate = isUsageType(usageType) ? RATE_TABLE[usageType] : undefined;
  if (!rate) {
    throw new ApiError('VALIDATION_FAILED', {
      messageJa: `利用種類「${usageType}」は料金表にありません（${USAGE_TYPES.join('、')}）。`,
      messageEn: `Unknown usage type; the rate table has: ${USAGE_TYPES.join(', ')}.`,
    });
  }
  if (durationSeconds <= 0) return 0;
  return Math.ceil(durationSeconds / rate.perSeconds) * rate.yen;
}
