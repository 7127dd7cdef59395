import { summarize14 } from "./mod14.ts";
import type { Options } from "./types.ts";

export interface Item15 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair15<K extends string, V> = { key: K; value: V };

export class Store15<T extends Item15> {
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

export function make15(id: number, label: string, options: Options): Item15 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 15) % 17, tags };
}

export function pairs15<V>(entries: Array<[string, V]>): Pair15<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair15<string, V> => ({ key, value }));
}

export function summarize15(count: number, options: Options): number {
  const store = new Store15<Item15>();
  for (let n: number = 0; n < count; n++) {
    store.add(make15(n, `item-15-${n}`, options));
  }
  const top: Item15[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item15): number => sum + item.weight, 0);
  return total + summarize14(count >> 1, options);
}
