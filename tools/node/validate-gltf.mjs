// Validates a .gltf/.glb with the Khronos glTF validator; prints the report as JSON on stdout.
// Usage: node tools/node/validate-gltf.mjs file.glb   (exit code 0 when the report has 0 errors)
import { createRequire } from 'module';
import fs from 'fs';
import path from 'path';
const require = createRequire(import.meta.url);
const validator = require('./node_modules/gltf-validator');
const file = process.argv[2];
const data = new Uint8Array(fs.readFileSync(file));
const dir = path.dirname(file);
const report = await validator.validateBytes(data, {
  uri: path.basename(file),
  maxIssues: 200,
  externalResourceFunction: (uri) => new Promise((resolve, reject) => {
    try { resolve(new Uint8Array(fs.readFileSync(path.join(dir, decodeURIComponent(uri))))); } catch (e) { reject(e.toString()); }
  }),
});
console.log(JSON.stringify(report, null, 1));
process.exit(report.issues.numErrors === 0 ? 0 : 1);
