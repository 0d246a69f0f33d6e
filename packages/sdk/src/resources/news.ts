import type { News } from '@mypage/api/contract';
import type { RequestOptions, Transport } from '../transport.js';

/** お知らせ (R-HOME-1). */
export class NewsResource {
  constructor(private readonly t: Transport) {}

  async list(options?: RequestOptions): Promise<News[]> {
    return (await this.t.json('news', {}, options)).items;
  }
}
