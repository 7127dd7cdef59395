import { summarize15 } from "./mod15.ts";
import type { Options } from "./types.ts";

export interface Item16 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair16<K extends string, V> = { key: K; value: V };

export class Store16<T extends Item16> {
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

export function make16(id: number, label: string, options: Options): Item16 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 16) % 17, tags };
}

export function pairs16<V>(entries: Array<[string, V]>): Pair16<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair16<string, V> => ({ key, value }));
}

export function summarize16(count: number, options: Options): number {
  const store = new Store16<Item16>();
  for (let n: number = 0; n < count; n++) {
    store.add(make16(n, `item-16-${n}`, options));
  }
  const top: Item16[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item16): number => sum + item.weight, 0);
  return total + summarize15(count >> 1, options);
}
