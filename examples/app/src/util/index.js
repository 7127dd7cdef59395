export { greet, shout as loud } from "./greet.js";
export * from "./format.js";
export * as strings from "./format.js";
