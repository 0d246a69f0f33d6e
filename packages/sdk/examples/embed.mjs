#!/usr/bin/env node
// Copies every example into docs/sdk.md between `<!-- example: NAME -->` and `<!-- /example -->`,
// so the guide shows exactly the code that test/sdk-docs.test.ts runs. Usage: node packages/sdk/examples/embed.mjs [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const docPath = join(here, '..', '..', '..', 'docs', 'sdk.md');

export function embed(doc, read = (name) => readFileSync(join(here, name), 'utf8')) {
  return doc.replace(
    /<!-- example: ([\w.-]+) -->\n[\s\S]*?<!-- \/example -->/g,
    (_, name) => `<!-- example: ${name} -->\n\`\`\`ts\n${read(name).trimEnd()}\n\`\`\`\n<!-- /example -->`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const doc = readFileSync(docPath, 'utf8');
  const next = embed(doc);
  if (process.argv.includes('--check')) {
    if (next !== doc) {
      console.error('docs/sdk.md is out of date: run node packages/sdk/examples/embed.mjs');
      process.exit(1);
    }
  } else {
    writeFileSync(docPath, next);
  }
}
