/*
 * The Japanese name of each request field, as the guide calls it (GLOSSARY.md), for the messages
 * of a refused request: `メールアドレスの形式が正しくありません。`, never `emailの…`. A field
 * whose name means different things in different places is looked up by its parent first
 * (`bank.name` is 銀行名, `items.name` 項目名, a plain `name` ユーザ名).
 */

const BY_PARENT: Record<string, string> = {
  'bank.name': '金融機関名',
  'bank.branch': '支店名',
  'bank.accountNumber': '口座番号',
  'items.name': '項目名',
  'items.amount': '金額',
  'items.remarks': '備考',
  'items.taxRate': '税率',
  'hikariPhone.details': '詳細',
  'hikariPhone.serviceName': 'サービス名',
  'records.from': '通話元',
  'records.to': '通話先',
};

const BY_NAME: Record<string, string> = {
  accessId: 'アクセスID',
  password: 'パスワード',
  currentPassword: '現在のパスワード',
  newPassword: '新しいパスワード',
  temporaryPassword: '仮パスワード',
  otp: 'ワンタイムパスワード',
  challengeId: 'ワンタイムパスワードの受付番号',
  captchaToken: 'ロボット認証',
  agreeToTerms: '利用規約への同意',
  token: 'URL',
  email: 'メールアドレス',
  contractNumber: '契約番号',
  contract: '契約番号',
  customerNumber: 'お客様番号',
  customerName: '顧客名',
  customerKana: '顧客カナ',
  postalCode: '郵便番号',
  address1: '住所1',
  address2: '住所2',
  building: '建物名',
  registeredAddress: '届出場所住所',
  installationAddress: '設置場所住所',
  accessLine: 'アクセスライン',
  accessKey: 'アクセスキー',
  serviceName: 'サービス名',
  status: '契約ステータス',
  startDate: '開始日',
  constructionDate: '工事日',
  hikariPhone: 'ひかり電話',
  phoneNumber: '契約電話番号',
  phone: '電話番号',
  options: 'オプション',
  group: '契約の種類',
  month: '請求月',
  year: '年度',
  issuedOn: '発行日',
  dueDate: '振替日',
  date: '日付',
  file: 'ファイル',
  cursor: 'ページ',
  limit: '件数',
  encoding: '文字コード',
  contractColumn: '契約番号の列',
  excel: 'Excel 形式',
  startedAt: '日時',
  usageType: '利用種類',
  durationSeconds: '通話時間',
  charge: '料金',
  category: '種別',
  subject: '件名',
  body: '内容',
  title: '件名',
  name: 'ユーザ名',
  kana: 'カナ',
  role: 'ユーザ種別',
  notify: 'メール通知',
  id: 'ID',
  billingGroupId: '一括請求のID',
  contracts: '契約',
  items: '料金内訳',
  records: '通話明細',
  bank: '口座',
  to: '宛先',
  since: '開始時刻',
  rules: '障害ルール',
  seed: '乱数の種',
};

/** The Japanese name of the field at `path` (array indexes skipped), or 入力 for the body itself. */
export function fieldLabel(path: readonly PropertyKey[]): string {
  const keys = path.filter((k): k is string => typeof k === 'string');
  const last = keys.at(-1);
  if (last === undefined) return '入力';
  const parent = keys.at(-2);
  return (parent !== undefined ? BY_PARENT[`${parent}.${last}`] : undefined) ?? BY_NAME[last] ?? last;
}
