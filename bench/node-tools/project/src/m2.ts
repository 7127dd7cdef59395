import { helper3 } from "./h3.js";

export interface Shape2 { readonly id: number; name: string; tags?: string[] }

export function make2(id: number, name: string): Shape2 {
  return { id, name: name.trim(), tags: helper3(name) };
}

export class Registry2<T extends Shape2> {
  private readonly items = new Map<number, T>();
  add(item: T): this { this.items.set(item.id, item); return this; }
  find(id: number): T | undefined { return this.items.get(id); }
}
