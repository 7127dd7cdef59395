import { summarize28 } from "./mod28.ts";
import type { Options } from "./types.ts";

export interface Item29 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair29<K extends string, V> = { key: K; value: V };

export class Store29<T extends Item29> {
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

export function make29(id: number, label: string, options: Options): Item29 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 29) % 17, tags };
}

export function pairs29<V>(entries: Array<[string, V]>): Pair29<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair29<string, V> => ({ key, value }));
}

export function summarize29(count: number, options: Options): number {
  const store = new Store29<Item29>();
  for (let n: number = 0; n < count; n++) {
    store.add(make29(n, `item-29-${n}`, options));
  }
  const top: Item29[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item29): number => sum + item.weight, 0);
  return total + summarize28(count >> 1, options);
}
