import { summarize5 } from "./mod5.ts";
import type { Options } from "./types.ts";

export interface Item6 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair6<K extends string, V> = { key: K; value: V };

export class Store6<T extends Item6> {
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

export function make6(id: number, label: string, options: Options): Item6 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 6) % 17, tags };
}

export function pairs6<V>(entries: Array<[string, V]>): Pair6<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair6<string, V> => ({ key, value }));
}

export function summarize6(count: number, options: Options): number {
  const store = new Store6<Item6>();
  for (let n: number = 0; n < count; n++) {
    store.add(make6(n, `item-6-${n}`, options));
  }
  const top: Item6[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item6): number => sum + item.weight, 0);
  return total + summarize5(count >> 1, options);
}
