/*
 * The root help laid out for a width, as commander 14 lays out a command's help (Help.formatHelp,
 * formatItem, boxWrap; no colours): so `mypage --help` on a terminal prints what the program would,
 * wrapped to the terminal's width, without loading commander or the program. index.test.ts proves
 * it equal to the program's help at every width from 1 to 260 columns.
 */

export interface HelpParts {
  /** after `Usage: ` */
  usage: string;
  description: string;
  /** the widest term: descriptions start after it */
  termWidth: number;
  sections: { title: string; items: [term: string, description: string][] }[];
  /** the text the program adds after the help (examples, exit codes): never wrapped */
  after: string;
}

/** Below this many columns for a description commander does not wrap it (Help.minWidthToWrap). */
const MIN_WIDTH_TO_WRAP = 40;

export function layoutHelp(p: HelpParts, helpWidth = 80): string {
  const out = [`Usage: ${p.usage}`, ''];
  if (p.description.length > 0) out.push(boxWrap(p.description, helpWidth), '');
  for (const s of p.sections) {
    if (s.items.length > 0) out.push(s.title, ...s.items.map(([term, description]) => formatItem(term, p.termWidth, description, helpWidth)), '');
  }
  return out.join('\n') + p.after;
}

function formatItem(term: string, termWidth: number, description: string, helpWidth: number): string {
  if (!description) return `  ${term}`;
  const remaining = helpWidth - termWidth - 4;
  const text = remaining < MIN_WIDTH_TO_WRAP || /\n[^\S\r\n]/.test(description) ? description : boxWrap(description, remaining).replace(/\n/g, '\n' + ' '.repeat(termWidth + 2));
  return `  ${term.padEnd(termWidth)}  ${text.replace(/\n/g, '\n  ')}`;
}

/** Wraps at whitespace, keeping the line breaks there are (commander's Help.boxWrap). */
function boxWrap(str: string, width: number): string {
  if (width < MIN_WIDTH_TO_WRAP) return str;
  const lines: string[] = [];
  for (const line of str.split(/\r\n|\n/)) {
    const chunks = line.match(/[\s]*[^\s]+/g);
    if (chunks === null) {
      lines.push('');
      continue;
    }
    let sum = [chunks.shift()!];
    let sumWidth = sum[0]!.length;
    for (const chunk of chunks) {
      if (sumWidth + chunk.length <= width) {
        sum.push(chunk);
        sumWidth += chunk.length;
        continue;
      }
      lines.push(sum.join(''));
      const next = chunk.trimStart();
      sum = [next];
      sumWidth = next.length;
    }
    lines.push(sum.join(''));
  }
  return lines.join('\n');
}
