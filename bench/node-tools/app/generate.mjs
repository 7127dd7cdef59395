// Writes the TypeScript program `bench node` times with `node app/main.ts`: 30 modules in a chain (each imports the
// one before it), interfaces, generics, a class with a private field and annotated arrows, so Node has real types to
// strip; main.ts imports all 30. Run by bench/fetch-corpus.sh; the output is not committed.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const count = 30;

const mod = (i) => `${i > 1 ? `import { summarize${i - 1} } from "./mod${i - 1}.ts";\n` : ""}import type { Options } from "./types.ts";

export interface Item${i} {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair${i}<K extends string, V> = { key: K; value: V };

export class Store${i}<T extends Item${i}> {
  private readonly items = new Map<number, T>();
  #version: number = 0;

  add(item: T): this {
    this.items.set(item.id, item);
    this.#version++;
    return this;
  }

  find(id: number): T | undefined {
    return this.items.get(id);
  }

  heaviest(limit: number = 3): T[] {
    return [...this.items.values()].sort((a: T, b: T): number => b.weight - a.weight).slice(0, limit);
  }

  get version(): number {
    return this.#version;
  }
}

export function make${i}(id: number, label: string, options: Options): Item${i} {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * ${i}) % 17, tags };
}

export function pairs${i}<V>(entries: Array<[string, V]>): Pair${i}<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair${i}<string, V> => ({ key, value }));
}

export function summarize${i}(count: number, options: Options): number {
  const store = new Store${i}<Item${i}>();
  for (let n: number = 0; n < count; n++) {
    store.add(make${i}(n, \`item-${i}-\${n}\`, options));
  }
  const top: Item${i}[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item${i}): number => sum + item.weight, 0);
  return total${i > 1 ? ` + summarize${i - 1}(count >> 1, options)` : ""};
}
`;

const out = process.argv[2] ?? here;
const numbers = Array.from({ length: count }, (_, k) => k + 1);
for (const i of numbers) {
  writeFileSync(join(out, `mod${i}.ts`), mod(i));
}
const called = numbers.filter((i) => i % 3 === 1).map((i) => `summarize${i}(8, options)`).join(" + ");
writeFileSync(join(out, "main.ts"), `${numbers.map((i) => `import { summarize${i} } from "./mod${i}.ts";\n`).join("")}import type { Options } from "./types.ts";

const options: Options = { minTag: 1 };
const result: number = ${called};
if (!Number.isFinite(result)) {
  throw new Error("not a number");
}
`);
