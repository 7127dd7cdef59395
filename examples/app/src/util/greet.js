import { capitalize } from "./format.js";

export function greet(name) {
  return `Hello, ${capitalize(name)}!`;
}

export const shout = (name) => greet(name).toUpperCase();
