// Validate YAML-loaded JSON documents against the event schema with Ajv 8 as yaml-language-server
// does: the draft 2020-12 class, strict mode off, unicodeRegExp on (Ajv's default: the `u` flag).
// Usage: node validate.mjs SCHEMA.json DOC.json...   prints one JSON line per document.
import Ajv2020 from "ajv/dist/2020.js";
import { readFileSync } from "node:fs";

const [schemaPath, ...docs] = process.argv.slice(2);
const ajv = new Ajv2020({ strict: false, allErrors: true });
let validate;
try {
  validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
} catch (err) {
  console.log(JSON.stringify({ compiled: false, error: String(err.message) }));
  process.exit(2);
}
for (const doc of docs) {
  const ok = validate(JSON.parse(readFileSync(doc, "utf8")));
  console.log(JSON.stringify({ compiled: true, doc, valid: ok, errors: ok ? [] : validate.errors }));
}
