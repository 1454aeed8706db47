// Writes schemas/generated/ from the zod schemas. Run with `npm run generate`.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { generateJsonSchemas } from "../src/generate-json-schemas";

const out = join(process.cwd(), "schemas", "generated");
rmSync(out, { recursive: true, force: true });
for (const [file, content] of generateJsonSchemas()) {
  mkdirSync(dirname(join(out, file)), { recursive: true });
  writeFileSync(join(out, file), content);
}
console.log(`wrote ${generateJsonSchemas().size} files to schemas/generated/`);
