/**
 * 索引簿.csv cannot be read as the archive wrote it (its own module, so the verbs can name it
 * without loading the CSV and Shift_JIS libraries at start-up).
 */
export class IndexFormatError extends Error {
  constructor(
    readonly line: number,
    readonly why: string,
  ) {
    super(`索引簿.csv line ${line}: ${why}`);
  }
}
