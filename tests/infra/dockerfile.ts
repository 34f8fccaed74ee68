/**
 * A small Dockerfile reader for the tests: instructions with their arguments (line continuations joined, comments and
 * blank lines dropped), grouped into build stages. Enough to check what an image is made of without Docker.
 */
export interface Instruction {
  /** Upper-case keyword: FROM, RUN, COPY, ENV, ARG, USER, HEALTHCHECK, ENTRYPOINT, CMD, … */
  keyword: string;
  /** Everything after the keyword, continuation lines joined with a space. */
  args: string;
  line: number;
}

export interface Stage {
  /** The FROM image reference (`node:20.20.2-bookworm-slim`, `build`, …). */
  from: string;
  /** The stage's name (`AS build`), if it has one. */
  name: string | null;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): { preamble: Instruction[]; stages: Stage[] } {
  const instructions: Instruction[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i];
    if (/^\s*(#.*)?$/.test(first)) continue;
    const start = i;
    let joined = first;
    // A trailing backslash continues the instruction; comment lines inside a continuation are skipped.
    while (/\\\s*$/.test(joined) && i + 1 < lines.length) {
      joined = joined.replace(/\\\s*$/, ' ');
      i++;
      if (/^\s*#/.test(lines[i])) {
        joined += '\\';
        continue;
      }
      joined += lines[i].trim();
    }
    const match = /^\s*([A-Za-z]+)\s*(.*)$/.exec(joined);
    if (!match) throw new Error(`line ${start + 1}: not an instruction: ${first}`);
    instructions.push({ keyword: match[1].toUpperCase(), args: match[2].trim(), line: start + 1 });
  }
  const preamble: Instruction[] = [];
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const words = ins.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const as = words.findIndex((w) => w.toUpperCase() === 'AS');
      stages.push({ from: words[0], name: as >= 0 ? words[as + 1] : null, instructions: [] });
    } else if (stages.length === 0) {
      preamble.push(ins);
    } else {
      stages[stages.length - 1].instructions.push(ins);
    }
  }
  return { preamble, stages };
}

/** The names an ENV or ARG instruction sets (`ENV A=1 B=2`, `ENV A 1`, `ARG NAME`, `ARG NAME=default`). */
export function assignments(ins: Instruction): { name: string; value: string | null }[] {
  if (ins.keyword === 'ARG') {
    const [name, ...rest] = ins.args.split('=');
    return [{ name: name.trim(), value: rest.length ? rest.join('=').trim() : null }];
  }
  if (!ins.args.includes('=')) {
    const [name, ...rest] = ins.args.split(/\s+/);
    return [{ name, value: rest.join(' ') }];
  }
  return [...ins.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g)].map((m) => ({
    name: m[1],
    value: m[2].replace(/^"|"$/g, ''),
  }));
}

/** A JSON-array (exec form) argument list, or the shell form's words. */
export function execForm(args: string): string[] {
  const trimmed = args.trim();
  if (trimmed.startsWith('[')) return JSON.parse(trimmed) as string[];
  return trimmed.split(/\s+/);
}
