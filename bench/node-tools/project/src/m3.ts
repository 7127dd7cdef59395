import { helper4 } from "./h4.js";

export interface Shape3 { readonly id: number; name: string; tags?: string[] }

export function make3(id: number, name: string): Shape3 {
  return { id, name: name.trim(), tags: helper4(name) };
}

export class Registry3<T extends Shape3> {
  private readonly items = new Map<number, T>();
  add(item: T): this { this.items.set(item.id, item); return this; }
  find(id: number): T | undefined { return this.items.get(id); }
}
