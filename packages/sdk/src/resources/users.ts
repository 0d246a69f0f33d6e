import type { User, UserCreate, UserUpdate } from '@mypage/api/contract';
import type { RequestOptions, Transport } from '../transport.js';

/** ユーザ管理 (R-USER; admins only, R-USER-3). */
export class UsersResource {
  constructor(private readonly t: Transport) {}

  async list(options?: RequestOptions): Promise<User[]> {
    return (await this.t.json('users', {}, options)).items;
  }

  /** R-USER-1: the new user gets a temporary password by mail. */
  async create(input: UserCreate, options?: RequestOptions): Promise<User> {
    return this.t.json('userCreate', { body: { ...input, email: input.email.trim() } }, options);
  }

  async update(id: string, patch: UserUpdate, options?: RequestOptions): Promise<User> {
    return this.t.json('userUpdate', { params: { id }, body: patch }, options);
  }

  async delete(id: string, options?: RequestOptions): Promise<void> {
    return this.t.empty('userDelete', { params: { id } }, options);
  }
}
