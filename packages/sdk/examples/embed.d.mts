/** docs/sdk.md with every `<!-- example: NAME -->` block refilled from packages/sdk/examples/NAME. */
export function embed(doc: string, read?: (name: string) => string): string;
