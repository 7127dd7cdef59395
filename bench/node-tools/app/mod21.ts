import { summarize20 } from "./mod20.ts";
import type { Options } from "./types.ts";

export interface Item21 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair21<K extends string, V> = { key: K; value: V };

export class Store21<T extends Item21> {
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

export function make21(id: number, label: string, options: Options): Item21 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 21) % 17, tags };
}

export function pairs21<V>(entries: Array<[string, V]>): Pair21<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair21<string, V> => ({ key, value }));
}

export function summarize21(count: number, options: Options): number {
  const store = new Store21<Item21>();
  for (let n: number = 0; n < count; n++) {
    store.add(make21(n, `item-21-${n}`, options));
  }
  const top: Item21[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item21): number => sum + item.weight, 0);
  return total + summarize20(count >> 1, options);
}
