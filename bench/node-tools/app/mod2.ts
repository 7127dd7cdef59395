import { summarize1 } from "./mod1.ts";
import type { Options } from "./types.ts";

export interface Item2 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair2<K extends string, V> = { key: K; value: V };

export class Store2<T extends Item2> {
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

export function make2(id: number, label: string, options: Options): Item2 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 2) % 17, tags };
}

export function pairs2<V>(entries: Array<[string, V]>): Pair2<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair2<string, V> => ({ key, value }));
}

export function summarize2(count: number, options: Options): number {
  const store = new Store2<Item2>();
  for (let n: number = 0; n < count; n++) {
    store.add(make2(n, `item-2-${n}`, options));
  }
  const top: Item2[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item2): number => sum + item.weight, 0);
  return total + summarize1(count >> 1, options);
}
