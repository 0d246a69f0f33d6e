import type { routes } from '@mypage/api';
import type { SuccessBody } from './transport.js';

/*
 * Named types of the answers that have no name in `@mypage/api`, so hovers and errors print
 * `Health` rather than the structure. The resource types themselves (`Bill`, `Contract`,
 * `CallRecord`, `User`, …) come from `@mypage/api` and are re-exported by the SDK's index.
 */

export type Health = SuccessBody<typeof routes.health>;
export type Terms = SuccessBody<typeof routes.terms>;
export type CorporateDesignation = SuccessBody<typeof routes.corporateDesignations>['items'][number];
export type OpeningNoticeList = SuccessBody<typeof routes.openingNotices>;
/** The "mail sent" answers of the recovery flows (R-REG-6). */
export type RecoveryAccepted = SuccessBody<typeof routes.recoverAccessId>;
export type PasswordReset = SuccessBody<typeof routes.resetPassword>;
export type EmailRecovery = SuccessBody<typeof routes.recoverEmail>;

/**
 * R-INQ-1 category ids (`inquiries.categories()` has the labels). Other strings are accepted: the
 * provider may add categories.
 */
export type InquiryCategoryId = 'call-records' | 'other' | 'contract' | 'billing' | (string & {});

/** 利用種類 of a call record (R-CALL); other strings are accepted for types the provider adds. */
export type UsageType = 'ひかり電話・県内' | 'ひかり電話・県間' | 'PSTN・県内' | 'PSTN・県間' | '移動体' | (string & {});
