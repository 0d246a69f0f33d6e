import { customerNumberOf, jaDate, openingNoticeFileName, type Contract, type ContractGroup, type ContractSummary, type OpeningNotice } from '@mypage/api';
import { ApiError } from '../errors.js';
import type { ContractListCache } from './bill-cache.js';
import type { RepositorySet } from '../store/repositories.js';
import type { ContractRecord, OpeningNoticeRecord } from '../store/schema.js';

/**
 * R-CON-1/2, R-HOME-2: the contracts of one billing group, optionally one contract group. Where the
 * engine keeps data versions, the list read at the caller's `dataVersion` is kept by the instance
 * (`contractListCache`, bill-cache.ts) and served again while the version is the same.
 */
export async function listContracts(
  repos: RepositorySet & { readonly contractListCache?: ContractListCache },
  billingGroupId: string,
  group?: ContractGroup,
  /** the group's data version read with the caller's session (`sessions.resolve`), if the engine keeps one */
  dataVersion?: string,
): Promise<ContractSummary[]> {
  const kept = keptContracts(repos, billingGroupId, group, dataVersion);
  if (kept) return kept;
  const cache = dataVersion === undefined ? undefined : repos.contractListCache;
  const items = (await repos.billingGroups.contractsOf(billingGroupId, group)).map((c) => ({
    contractNumber: c.contractNumber,
    group: c.group,
    serviceName: c.serviceName,
    customerName: c.customerName,
    installationAddress: c.installationAddress,
  }));
  cache?.set(billingGroupId, group, dataVersion!, items);
  return items;
}

/** The list `listContracts` would answer from the instance's cache, in the same turn; else undefined. */
export function keptContracts(
  repos: { readonly contractListCache?: ContractListCache },
  billingGroupId: string,
  group: ContractGroup | undefined,
  dataVersion: string | undefined,
): ContractSummary[] | undefined {
  return dataVersion === undefined ? undefined : repos.contractListCache?.get(billingGroupId, group, dataVersion);
}

/** Published opening notices of a contract (visible from `publishedAt`), newest first (R-NOTICE-1). */
export function noticesOf(repos: RepositorySet, contractNumber: string, now: Date): Promise<OpeningNoticeRecord[]> {
  return repos.notices.listVisible(contractNumber, now);
}

export function noticeView(n: OpeningNoticeRecord): OpeningNotice {
  return { contractNumber: n.contractNumber, date: n.date, label: `${jaDate(n.date)}分`, fileName: noticeFileName(n.contractNumber, n.date) };
}

export function noticeFileName(contractNumber: string, date: string): string {
  return openingNoticeFileName(contractNumber, date);
}

export async function findNotice(repos: RepositorySet, contractNumber: string, date: string, now: Date): Promise<OpeningNoticeRecord> {
  const notice = (await noticesOf(repos, contractNumber, now)).find((n) => n.date === date);
  if (!notice) throw new ApiError('NOTICE_NOT_FOUND');
  return notice;
}

/** R-CON-3: every field of the guide's detail screen. */
export async function contractView(repos: RepositorySet, c: ContractRecord, now: Date): Promise<Contract> {
  const notices = await noticesOf(repos, c.contractNumber, now);
  return {
    contractNumber: c.contractNumber,
    customerNumber: customerNumberOf(c.contractNumber),
    group: c.group,
    customerKana: c.customerKana,
    customerName: c.customerName,
    registeredAddress: c.registeredAddress,
    installationAddress: c.installationAddress,
    accessLine: c.accessLine
      ? { serviceName: c.accessLine.serviceName, status: c.accessLine.status, startDate: c.accessLine.startDate, accessKey: c.accessLine.accessKey }
      : null,
    serviceName: c.serviceName,
    hikariPhone: c.hikariPhone.map((p) => ({ ...p })),
    options: c.options.slice(0, 5),
    openingNoticeDates: notices.map((n) => n.date),
  };
}
