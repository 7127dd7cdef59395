import { summarize2 } from "./mod2.ts";
import type { Options } from "./types.ts";

export interface Item3 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair3<K extends string, V> = { key: K; value: V };

export class Store3<T extends Item3> {
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

export function make3(id: number, label: string, options: Options): Item3 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 3) % 17, tags };
}

export function pairs3<V>(entries: Array<[string, V]>): Pair3<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair3<string, V> => ({ key, value }));
}

export function summarize3(count: number, options: Options): number {
  const store = new Store3<Item3>();
  for (let n: number = 0; n < count; n++) {
    store.add(make3(n, `item-3-${n}`, options));
  }
  const top: Item3[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item3): number => sum + item.weight, 0);
  return total + summarize2(count >> 1, options);
}
