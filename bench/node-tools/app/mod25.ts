import { summarize24 } from "./mod24.ts";
import type { Options } from "./types.ts";

export interface Item25 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair25<K extends string, V> = { key: K; value: V };

export class Store25<T extends Item25> {
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

export function make25(id: number, label: string, options: Options): Item25 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 25) % 17, tags };
}

export function pairs25<V>(entries: Array<[string, V]>): Pair25<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair25<string, V> => ({ key, value }));
}

export function summarize25(count: number, options: Options): number {
  const store = new Store25<Item25>();
  for (let n: number = 0; n < count; n++) {
    store.add(make25(n, `item-25-${n}`, options));
  }
  const top: Item25[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item25): number => sum + item.weight, 0);
  return total + summarize24(count >> 1, options);
}
