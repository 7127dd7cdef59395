// The reference for CommonJS exports: cjs-module-lexer 2.1 (the lexer Node uses to give an ES module the names a
// CommonJS module exports). Reads {"files": [paths]} from the file named by its argument; prints one JSON line per
// file: {file, exports, reexports} or {file, error}.
import { init, parse } from "cjs-module-lexer";
import { readFileSync } from "node:fs";

await init();
const { files } = JSON.parse(readFileSync(process.argv[2], "utf8"));
for (const file of files) {
  try {
    const { exports, reexports } = parse(readFileSync(file, "utf8"), file);
    process.stdout.write(JSON.stringify({ file, exports, reexports }) + "\n");
  } catch (e) {
    process.stdout.write(JSON.stringify({ file, error: String(e.message).split("\n")[0] }) + "\n");
  }
}
