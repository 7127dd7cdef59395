import { summarize18 } from "./mod18.ts";
import type { Options } from "./types.ts";

export interface Item19 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair19<K extends string, V> = { key: K; value: V };

export class Store19<T extends Item19> {
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

export function make19(id: number, label: string, options: Options): Item19 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 19) % 17, tags };
}

export function pairs19<V>(entries: Array<[string, V]>): Pair19<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair19<string, V> => ({ key, value }));
}

export function summarize19(count: number, options: Options): number {
  const store = new Store19<Item19>();
  for (let n: number = 0; n < count; n++) {
    store.add(make19(n, `item-19-${n}`, options));
  }
  const top: Item19[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item19): number => sum + item.weight, 0);
  return total + summarize18(count >> 1, options);
}
