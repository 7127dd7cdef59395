import { summarize11 } from "./mod11.ts";
import type { Options } from "./types.ts";

export interface Item12 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair12<K extends string, V> = { key: K; value: V };

export class Store12<T extends Item12> {
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

export function make12(id: number, label: string, options: Options): Item12 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 12) % 17, tags };
}

export function pairs12<V>(entries: Array<[string, V]>): Pair12<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair12<string, V> => ({ key, value }));
}

export function summarize12(count: number, options: Options): number {
  const store = new Store12<Item12>();
  for (let n: number = 0; n < count; n++) {
    store.add(make12(n, `item-12-${n}`, options));
  }
  const top: Item12[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item12): number => sum + item.weight, 0);
  return total + summarize11(count >> 1, options);
}
