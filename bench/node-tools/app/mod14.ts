import { summarize13 } from "./mod13.ts";
import type { Options } from "./types.ts";

export interface Item14 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair14<K extends string, V> = { key: K; value: V };

export class Store14<T extends Item14> {
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

export function make14(id: number, label: string, options: Options): Item14 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 14) % 17, tags };
}

export function pairs14<V>(entries: Array<[string, V]>): Pair14<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair14<string, V> => ({ key, value }));
}

export function summarize14(count: number, options: Options): number {
  const store = new Store14<Item14>();
  for (let n: number = 0; n < count; n++) {
    store.add(make14(n, `item-14-${n}`, options));
  }
  const top: Item14[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item14): number => sum + item.weight, 0);
  return total + summarize13(count >> 1, options);
}
