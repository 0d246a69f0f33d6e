import { customerNumberOf, jaDate, type Contract, type ContractGroup, type ContractSummary, type OpeningNotice } from '@mypage/api';
import { ApiError } from '../errors.js';
import type { ContractRecord, Data, OpeningNoticeRecord } from '../store/schema.js';

/** R-CON-1/2, R-HOME-2: the contracts of one billing group, optionally one contract group. */
export function listContracts(data: Data, billingGroupId: string, group?: ContractGroup): ContractSummary[] {
  return data.contracts
    .filter((c) => c.billingGroupId === billingGroupId && (group === undefined || c.group === group))
    .map((c) => ({
      contractNumber: c.contractNumber,
      group: c.group,
      serviceName: c.serviceName,
      customerName: c.customerName,
      installationAddress: c.installationAddress,
    }));
}

/** Published opening notices of a contract (visible from `publishedAt`), newest first (R-NOTICE-1). */
export function noticesOf(data: Data, contractNumber: string, now: Date): OpeningNoticeRecord[] {
  return data.openingNotices
    .filter((n) => n.contractNumber === contractNumber && new Date(n.publishedAt) <= now)
    .sort((a, b) => b.date.localeCompare(a.date));
}

export function noticeView(n: OpeningNoticeRecord): OpeningNotice {
  return { contractNumber: n.contractNumber, date: n.date, label: `${jaDate(n.date)}分`, fileName: noticeFileName(n.contractNumber, n.date) };
}

export function noticeFileName(contractNumber: string, date: string): string {
  return `opening-notice-${contractNumber}-${date}.pdf`;
}

export function findNotice(data: Data, contractNumber: string, date: string, now: Date): OpeningNoticeRecord {
  const notice = noticesOf(data, contractNumber, now).find((n) => n.date === date);
  if (!notice) throw new ApiError('NOTICE_NOT_FOUND');
  return notice;
}

/** R-CON-3: every field of the guide's detail screen. */
export function contractView(data: Data, c: ContractRecord, now: Date): Contract {
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
    openingNoticeDates: noticesOf(data, c.contractNumber, now).map((n) => n.date),
  };
}
