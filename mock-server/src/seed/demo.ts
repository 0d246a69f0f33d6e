import type { Hasher } from '../domain/ports.js';
import { scryptHasher } from '../infra/secrets.js';
import type { Data } from '../store/schema.js';
import { seedDemoResources } from './demo-resources.js';

/*
 * Demo data (D-7): deterministic, built from the guide's own sample values, so docs, demos and
 * tests can name them. `mypage-server --demo` loads it into an empty store.
 */

export const DEMO = {
  groupA: {
    id: 'bg_a',
    customerNumber: '2NCAF0000000001',
    admin: { id: 'usr_demo_admin', accessId: 'm95au6', password: 'mypage2023', email: 'taro@example.jp', name: '日本 太郎' },
    contracts: ['CAF0000000001', 'CAF0000000002', 'COP00000001'],
  },
  groupB: { id: 'bg_b', contractNumber: '1234567890', postalCode: '1000001', customerName: 'カブシキガイシャ サンプル' },
  groupC: { id: 'bg_c', contractNumber: '123456789', postalCode: '0600001', customerName: 'サトウ ハナコ' },
} as const;

const osaka = (address2: string, building = '') => ({ postalCode: '5340024', address1: '大阪府大阪市都島区東野田町', address2, building });

/** The demo admin's password hash, computed once per hasher (per run), not per seeded store. */
const adminHashes = new WeakMap<Hasher, Promise<string>>();
const productionHasher = scryptHasher();

/** Fill `data` (empty) with the demo data; passwords hashed by `hasher` (the production cost by default). */
export async function seedDemo(data: Data, hasher: Hasher = productionHasher): Promise<void> {
  let adminHash = adminHashes.get(hasher);
  if (!adminHash) adminHashes.set(hasher, (adminHash = hasher.hash(DEMO.groupA.admin.password)));
  const created = '2023-07-01T00:00:00.000Z';
  data.billingGroups.push(
    {
      id: DEMO.groupA.id,
      customerNumber: DEMO.groupA.customerNumber,
      name: '日本　太郎',
      kana: 'ニホン　タロウ',
      bank: { name: 'みらい銀行', branch: '大阪支店', accountNumber: '1234567' },
      paperStop: { openingNotice: null, directDebit: null },
      callRecordsFrom: '2023-12',
    },
    {
      id: DEMO.groupB.id,
      customerNumber: `2N${DEMO.groupB.contractNumber}`,
      name: '株式会社サンプル',
      kana: 'カブシキガイシャ　サンプル',
      bank: { name: 'さくら信用金庫', branch: '本店', accountNumber: '7654321' },
      paperStop: { openingNotice: null, directDebit: null },
      callRecordsFrom: null,
    },
    {
      id: DEMO.groupC.id,
      customerNumber: `2N${DEMO.groupC.contractNumber}`,
      name: '佐藤　花子',
      kana: 'サトウ　ハナコ',
      bank: { name: 'ほっかい銀行', branch: '札幌支店', accountNumber: '1112223' },
      paperStop: { openingNotice: null, directDebit: null },
      callRecordsFrom: null,
    },
  );

  data.contracts.push(
    {
      contractNumber: 'CAF0000000001',
      billingGroupId: DEMO.groupA.id,
      group: 'hikari',
      customerName: '日本　太郎',
      customerKana: 'ニホン　タロウ',
      registeredAddress: osaka('1丁目2番3号', 'メディアビル101'),
      installationAddress: osaka('1丁目2番3号', 'メディアビル101'),
      serviceName: '[100M] ファミリー',
      accessLine: { serviceName: '[100M] ファミリー', status: '提供中', startDate: '2023-12-07', accessKey: 'BUEdeJWm', constructionDate: '2023-12-05' },
      hikariPhone: [
        { serviceName: 'ひかり電話', phoneNumber: '0611112222', details: '基本プラン' },
        { serviceName: 'ひかり電話', phoneNumber: '0611115555', details: '追加番号' },
      ],
      options: ['mediaITサポート24'],
    },
    {
      contractNumber: 'CAF0000000002',
      billingGroupId: DEMO.groupA.id,
      group: 'hikari',
      customerName: '日本　太郎',
      customerKana: 'ニホン　タロウ',
      registeredAddress: osaka('1丁目2番3号', 'メディアビル101'),
      installationAddress: { postalCode: '5300001', address1: '大阪府大阪市北区梅田', address2: '3丁目1番1号', building: '梅田オフィス5階' },
      serviceName: '[1G] ビジネス',
      accessLine: { serviceName: '[1G] ビジネス', status: 'サービス提供準備中', startDate: null, accessKey: 'Kq7mPz2R', constructionDate: '2024-02-10' },
      hikariPhone: [{ serviceName: 'ひかり電話', phoneNumber: '0633334444', details: '基本プラン' }],
      options: ['固定IPアドレス', 'mediaセキュリティ'],
    },
    {
      contractNumber: 'COP00000001',
      billingGroupId: DEMO.groupA.id,
      group: 'other',
      customerName: '日本　太郎',
      customerKana: 'ニホン　タロウ',
      registeredAddress: osaka('1丁目2番3号', 'メディアビル101'),
      installationAddress: osaka('1丁目2番3号', 'メディアビル101'),
      serviceName: 'Splashtop',
      accessLine: null,
      hikariPhone: [],
      options: [],
    },
    {
      contractNumber: DEMO.groupB.contractNumber,
      billingGroupId: DEMO.groupB.id,
      group: 'hikari',
      customerName: '株式会社サンプル',
      customerKana: DEMO.groupB.customerName,
      registeredAddress: { postalCode: DEMO.groupB.postalCode, address1: '東京都千代田区千代田', address2: '1番1号', building: '' },
      installationAddress: { postalCode: DEMO.groupB.postalCode, address1: '東京都千代田区千代田', address2: '1番1号', building: '' },
      serviceName: '[1G] ビジネス',
      accessLine: { serviceName: '[1G] ビジネス', status: '提供中', startDate: '2023-04-01', accessKey: 'Sm9Pl3Xy', constructionDate: '2023-03-28' },
      hikariPhone: [{ serviceName: 'ひかり電話', phoneNumber: '0312345678', details: '基本プラン' }],
      options: [],
    },
    {
      contractNumber: DEMO.groupC.contractNumber,
      billingGroupId: DEMO.groupC.id,
      group: 'hikari',
      customerName: '佐藤　花子',
      customerKana: DEMO.groupC.customerName,
      registeredAddress: { postalCode: DEMO.groupC.postalCode, address1: '北海道札幌市中央区北一条西', address2: '2丁目', building: '' },
      installationAddress: { postalCode: DEMO.groupC.postalCode, address1: '北海道札幌市中央区北一条西', address2: '2丁目', building: '' },
      serviceName: '[100M] ファミリー',
      accessLine: { serviceName: '[100M] ファミリー', status: '提供中', startDate: '2022-10-01', accessKey: 'Hn4Ko8Lq', constructionDate: '2022-09-28' },
      hikariPhone: [],
      options: [],
    },
  );

  const admin = DEMO.groupA.admin;
  data.accounts.push({
    id: admin.id,
    accessId: admin.accessId,
    billingGroupId: DEMO.groupA.id,
    email: admin.email,
    name: admin.name,
    role: 'admin',
    notify: true,
    status: 'active',
    passwordHash: await adminHash,
    temporaryPasswordHash: null,
    createdAt: created,
  });

  seedDemoResources(data);
}
