/** The issuer printed on every invoice (D-8: a qualified invoice names it and its registration number). */
export const ISSUER = {
  name: '日本メディアシステム株式会社',
  /** 適格請求書発行事業者登録番号: `T` + 13 digits. */
  registrationNumber: 'T3120001234567',
  address: '〒530-0001 大阪府大阪市北区梅田1丁目1番1号',
  contact: '日本メディアシステム料金担当 info-mediahikari@n-media.co.jp',
} as const;
