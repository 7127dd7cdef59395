import { summarize7 } from "./mod7.ts";
import type { Options } from "./types.ts";

export interface Item8 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair8<K extends string, V> = { key: K; value: V };

export class Store8<T extends Item8> {
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

export function make8(id: number, label: string, options: Options): Item8 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 8) % 17, tags };
}

export function pairs8<V>(entries: Array<[string, V]>): Pair8<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair8<string, V> => ({ key, value }));
}

export function summarize8(count: number, options: Options): number {
  const store = new Store8<Item8>();
  for (let n: number = 0; n < count; n++) {
    store.add(make8(n, `item-8-${n}`, options));
  }
  const top: Item8[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item8): number => sum + item.weight, 0);
  return total + summarize7(count >> 1, options);
}
