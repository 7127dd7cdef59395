import { summarize8 } from "./mod8.ts";
import type { Options } from "./types.ts";

export interface Item9 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair9<K extends string, V> = { key: K; value: V };

export class Store9<T extends Item9> {
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

export function make9(id: number, label: string, options: Options): Item9 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 9) % 17, tags };
}

export function pairs9<V>(entries: Array<[string, V]>): Pair9<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair9<string, V> => ({ key, value }));
}

export function summarize9(count: number, options: Options): number {
  const store = new Store9<Item9>();
  for (let n: number = 0; n < count; n++) {
    store.add(make9(n, `item-9-${n}`, options));
  }
  const top: Item9[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item9): number => sum + item.weight, 0);
  return total + summarize8(count >> 1, options);
}
