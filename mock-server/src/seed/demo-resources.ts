import type { Data } from '../store/schema.js';

/**
 * Demo bills, opening notices, call records and news of D-7 (filled in by the
 * reference-server resources issue).
 */
export function seedDemoResources(_data: Data): void {}
