// Entry point of the example app: a small graph with re-exports, a JSON module, a cycle and top-level await.
import { greet } from "./util/index.js";
import config from "./data/config.json" with { type: "json" };
import * as clock from "./clock.js";

const who = process.argv[2] ?? config.defaultName;
console.log(greet(who), "at", clock.now());

if (config.lazy) {
  const { report } = await import("./report.js");
  report(import.meta.url);
}
