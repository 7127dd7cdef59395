import { helper5 } from "./h5.js";

export interface Shape4 { readonly id: number; name: string; tags?: string[] }

export function make4(id: number, name: string): Shape4 {
  return { id, name: name.trim(), tags: helper5(name) };
}

export class Registry4<T extends Shape4> {
  private readonly items = new Map<number, T>();
  add(item: T): this { this.items.set(item.id, item); return this; }
  find(id: number): T | undefined { return this.items.get(id); }
}
