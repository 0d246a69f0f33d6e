import { z } from 'zod';
import { ContractNumberSchema, InstantSchema, PostalCodeSchema } from './common.js';
import { ACCESS_ID_PATTERN, OTP_PATTERN, PASSWORD_PATTERN, TEMPORARY_PASSWORD_PATTERN } from './formats.js';
import { plainText } from './text.js';

/*
 * Account flows: registration (R-REG), login / OTP / logout (R-LOGIN), recovery (R-LOGIN-5),
 * the signed-in user (R-HOME-1) and user management (R-USER).
 *
 * Request schemas accept what a person types (R-FMT-4..6 normalisation happens on the server
 * and in the SDK with the functions of `formats.ts`); response schemas are exact.
 */

export const AccessIdSchema = z.string().regex(ACCESS_ID_PATTERN).meta({ id: 'AccessId', example: 'm95au6' });
export const PasswordSchema = z
  .string()
  .regex(PASSWORD_PATTERN, 'R-FMT-2')
  .meta({ id: 'Password', description: '8–32 half-width lowercase letters and digits, at least one of each (R-FMT-2)' });
export const EmailSchema = z.email().max(254).meta({ id: 'Email', example: 'taro@example.jp' });
export const RoleSchema = z.enum(['general', 'admin']).meta({ id: 'Role', description: '一般 general / 管理者 admin' });
export type { Role } from './types.js';

/** Loose text input (normalised by the server): bounded, one line of plain text (text.ts). */
const input = (max: number) => plainText(z.string().max(max));

// --- registration -----------------------------------------------------------------------------
export const RegistrationStartSchema = z
  .object({
    email: EmailSchema,
    contractNumber: input(40).describe('契約番号: CAF+10 digits, COP+8 digits, 10 or 9 digits; `2N` prefix accepted'),
    postalCode: input(20).describe('郵便番号, hyphen and full-width digits accepted'),
    customerName: input(100).describe('お客様名 (全角英数カナ); listed 法人格 are ignored'),
    agreeToTerms: z.boolean().describe('利用規約に同意 — must be true'),
  })
  .meta({ id: 'RegistrationStart' });
export type { RegistrationStart } from './types.js';

export const RegistrationStartedSchema = z
  .object({ message: z.string(), sentTo: z.string().describe('masked address the mail went to') })
  .meta({ id: 'RegistrationStarted' });
export type { RegistrationStarted } from './types.js';

export const RegistrationLinkSchema = z
  .object({ valid: z.literal(true), expiresAt: InstantSchema, purpose: z.enum(['registration', 'password-reset']) })
  .meta({ id: 'RegistrationLink' });
export type { RegistrationLink } from './types.js';

export const RegistrationCompleteSchema = z
  .object({
    accessId: input(20),
    temporaryPassword: input(20).describe('仮パスワード from the registration mail'),
    newPassword: input(64).describe('R-FMT-2'),
  })
  .meta({ id: 'RegistrationComplete' });
export type { RegistrationComplete } from './types.js';

export const RegistrationCompletedSchema = z
  .object({ accessId: AccessIdSchema, message: z.string() })
  .meta({ id: 'RegistrationCompleted' });
export type { RegistrationCompleted } from './types.js';

// --- login ------------------------------------------------------------------------------------
export const LoginSchema = z.object({ accessId: input(20), password: input(64) }).meta({ id: 'Login' });
export type { Login } from './types.js';

export const CaptchaInfoSchema = z
  .object({
    provider: z.enum(['none', 'test', 'recaptcha']).describe('R-LOGIN-6 verifier mode'),
    siteKey: z.string().optional().describe('reCAPTCHA site key, when provider is recaptcha'),
  })
  .meta({ id: 'CaptchaInfo' });
export type { CaptchaInfo } from './types.js';

export const LoginChallengeSchema = z
  .object({
    challengeId: z.string(),
    sentTo: z.string().describe('masked registered address the OTP was mailed to'),
    expiresAt: InstantSchema.describe('the OTP is valid 10 minutes (R-FMT-7)'),
    captcha: CaptchaInfoSchema,
  })
  .meta({ id: 'LoginChallenge' });
export type { LoginChallenge } from './types.js';

export const OtpVerifySchema = z
  .object({
    challengeId: input(100),
    otp: input(20).describe('6 digits; full-width digits accepted'),
    captchaToken: input(4000).optional(),
  })
  .meta({ id: 'OtpVerify' });
export type { OtpVerify } from './types.js';

export const SessionSchema = z
  .object({
    token: z.string().describe('bearer token'),
    expiresAt: InstantSchema.describe('slides forward with each request (10 minutes idle, R-LOGIN-4)'),
    idleTimeoutSeconds: z.number().int(),
  })
  .meta({ id: 'Session' });
export type { Session } from './types.js';

export const SessionInfoSchema = SessionSchema.omit({ token: true }).meta({ id: 'SessionInfo' });
export type { SessionInfo } from './types.js';

/** A signed-in user's own password change (ASVS V6.2.2/V6.2.3: the current password proves it is them). */
export const ChangePasswordSchema = z
  .object({ currentPassword: input(64), newPassword: input(64).describe('R-FMT-2') })
  .meta({ id: 'ChangePassword' });
export type { ChangePassword } from './types.js';

// --- recovery (R-LOGIN-5) ---------------------------------------------------------------------
export const RecoverAccessIdSchema = z.object({ email: EmailSchema }).meta({ id: 'RecoverAccessId' });
export const RecoverPasswordSchema = z
  .object({ accessId: input(20), email: EmailSchema })
  .meta({ id: 'RecoverPassword' });
export const ResetPasswordSchema = z
  .object({ accessId: input(20), newPassword: input(64) })
  .meta({ id: 'ResetPassword' });
export const RecoverEmailSchema = z
  .object({ contractNumber: input(40), postalCode: input(20), customerName: input(100) })
  .meta({ id: 'RecoverEmail' });
export type { RecoverAccessId } from './types.js';
export type { RecoverPassword } from './types.js';
export type { ResetPassword } from './types.js';
export type { RecoverEmail } from './types.js';

// --- me and users (R-HOME-1, R-USER) ----------------------------------------------------------
export const UserSchema = z
  .object({
    id: z.string(),
    accessId: AccessIdSchema,
    email: EmailSchema,
    name: z.string().describe('ユーザ名'),
    role: RoleSchema,
    notify: z.boolean().describe('メール通知 あり/なし'),
    status: z.enum(['pending', 'active']).describe('pending until the temporary password is replaced'),
    createdAt: InstantSchema,
  })
  .meta({ id: 'User' });
export type { User } from './types.js';

export const MeSchema = z
  .object({
    user: UserSchema,
    billingGroup: z.object({
      id: z.string(),
      customerNumber: z.string().describe('お客様番号 (`2N…`) of the group'),
      name: z.string().describe('顧客名 of the group'),
    }),
    session: SessionInfoSchema,
  })
  .meta({ id: 'Me' });
export type { Me } from './types.js';

export const UserCreateSchema = z
  .object({
    email: EmailSchema,
    name: plainText(z.string().trim().min(1).max(50)),
    role: RoleSchema,
    notify: z.boolean(),
  })
  .meta({ id: 'UserCreate' });
export type { UserCreate } from './types.js';

export const UserUpdateSchema = UserCreateSchema.partial()
  .refine((v) => Object.keys(v).length > 0, 'at least one field')
  .meta({ id: 'UserUpdate' });
export type { UserUpdate } from './types.js';

export const UserIdParamSchema = z.object({ id: z.string().max(64) });
export const TokenParamSchema = z.object({ token: z.string().max(128) });

export { OTP_PATTERN, TEMPORARY_PASSWORD_PATTERN };
