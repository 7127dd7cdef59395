import { summarize27 } from "./mod27.ts";
import type { Options } from "./types.ts";

export interface Item28 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair28<K extends string, V> = { key: K; value: V };

export class Store28<T extends Item28> {
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

export function make28(id: number, label: string, options: Options): Item28 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 28) % 17, tags };
}

export function pairs28<V>(entries: Array<[string, V]>): Pair28<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair28<string, V> => ({ key, value }));
}

export function summarize28(count: number, options: Options): number {
  const store = new Store28<Item28>();
  for (let n: number = 0; n < count; n++) {
    store.add(make28(n, `item-28-${n}`, options));
  }
  const top: Item28[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item28): number => sum + item.weight, 0);
  return total + summarize27(count >> 1, options);
}
