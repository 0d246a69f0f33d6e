import type { CorporateDesignation, Health, ItemList, Message, OpeningNotice, Terms } from '@mypage/api/contract';

/*
 * Named types of answers, so hovers and errors print `Health` rather than the structure. They are
 * the plain types of `@mypage/api/contract` (proven identical to the api schemas there); the
 * resource types themselves (`Bill`, `Contract`, `CallRecord`, `User`, …) are re-exported by the
 * SDK's index.
 */

export type { CorporateDesignation, Health, Terms };
export type OpeningNoticeList = ItemList<OpeningNotice>;
/** The "mail sent" answers of the recovery flows (R-REG-6). */
export type RecoveryAccepted = Message;
export type PasswordReset = Message;
export type EmailRecovery = Message;

/**
 * R-INQ-1 category ids (`inquiries.categories()` has the labels). Other strings are accepted: the
 * provider may add categories.
 */
export type InquiryCategoryId = 'call-records' | 'other' | 'contract' | 'billing' | (string & {});

/** 利用種類 of a call record (R-CALL); other strings are accepted for types the provider adds. */
export type UsageType = 'ひかり電話・県内' | 'ひかり電話・県間' | 'PSTN・県内' | 'PSTN・県間' | '移動体' | (string & {});
