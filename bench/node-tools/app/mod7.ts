import { summarize6 } from "./mod6.ts";
import type { Options } from "./types.ts";

export interface Item7 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair7<K extends string, V> = { key: K; value: V };

export class Store7<T extends Item7> {
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

export function make7(id: number, label: string, options: Options): Item7 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 7) % 17, tags };
}

export function pairs7<V>(entries: Array<[string, V]>): Pair7<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair7<string, V> => ({ key, value }));
}

export function summarize7(count: number, options: Options): number {
  const store = new Store7<Item7>();
  for (let n: number = 0; n < count; n++) {
    store.add(make7(n, `item-7-${n}`, options));
  }
  const top: Item7[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item7): number => sum + item.weight, 0);
  return total + summarize6(count >> 1, options);
}
