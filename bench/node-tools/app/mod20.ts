import { summarize19 } from "./mod19.ts";
import type { Options } from "./types.ts";

export interface Item20 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair20<K extends string, V> = { key: K; value: V };

export class Store20<T extends Item20> {
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

export function make20(id: number, label: string, options: Options): Item20 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 20) % 17, tags };
}

export function pairs20<V>(entries: Array<[string, V]>): Pair20<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair20<string, V> => ({ key, value }));
}

export function summarize20(count: number, options: Options): number {
  const store = new Store20<Item20>();
  for (let n: number = 0; n < count; n++) {
    store.add(make20(n, `item-20-${n}`, options));
  }
  const top: Item20[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item20): number => sum + item.weight, 0);
  return total + summarize19(count >> 1, options);
}
