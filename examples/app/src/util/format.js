import { greet } from "./greet.js"; // a deliberate cycle: greet.js imports format.js too

export function capitalize(word) {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export const describe = () => `format.js, used by ${typeof greet}`;
