import { summarize17 } from "./mod17.ts";
import type { Options } from "./types.ts";

export interface Item18 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair18<K extends string, V> = { key: K; value: V };

export class Store18<T extends Item18> {
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

export function make18(id: number, label: string, options: Options): Item18 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 18) % 17, tags };
}

export function pairs18<V>(entries: Array<[string, V]>): Pair18<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair18<string, V> => ({ key, value }));
}

export function summarize18(count: number, options: Options): number {
  const store = new Store18<Item18>();
  for (let n: number = 0; n < count; n++) {
    store.add(make18(n, `item-18-${n}`, options));
  }
  const top: Item18[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item18): number => sum + item.weight, 0);
  return total + summarize17(count >> 1, options);
}
