// The release bundle's download size (html + js + css + wasm in dist/), as gzip -9 and brotli -11
// (KB = 1,024 bytes), against the budget in bundle-budget.json. `node bench/size.mjs` prints both;
// with `--check` it fails when the gzip size is over the budget (scripts/test runs it so).
import { readdirSync, readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** `{ gzip, brotli, files }`: bytes in all, and per file `{ gzip, brotli }`, of the bundle in `dir`. */
export function bundleSize(dir = 'dist') {
  const files = {};
  for (const name of readdirSync(dir).filter((f) => /\.(wasm|js|css|html)$/.test(f))) {
    const raw = readFileSync(`${dir}/${name}`);
    files[name] = {
      gzip: gzipSync(raw, { level: 9 }).length,
      brotli: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }).length,
    };
  }
  const sum = (key) => Object.values(files).reduce((t, f) => t + f[key], 0);
  return { gzip: sum('gzip'), brotli: sum('brotli'), files };
}

/** The budget file: `{ gzipKb, targetKb }`. */
export const budget = () => JSON.parse(readFileSync(new URL('../bundle-budget.json', import.meta.url)));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.env.DIST ?? 'dist';
  const size = bundleSize(dir);
  const { gzipKb, targetKb } = budget();
  const kb = (bytes) => (bytes / 1024).toFixed(1);
  console.log(`bundle: ${kb(size.gzip)} KB gzip -9 (budget ${gzipKb} KB, target ${targetKb} KB), ${kb(size.brotli)} KB brotli -11`);
  for (const [name, f] of Object.entries(size.files)) console.log(`  ${name}: ${kb(f.gzip)} KB gzip -9, ${kb(f.brotli)} KB brotli -11`);
  if (process.argv.includes('--check')) {
    if (!Object.keys(size.files).some((name) => name.endsWith('.wasm'))) {
      console.error(`No bundle in ${dir}/ (no .wasm): build it first (scripts/build).`);
      process.exit(1);
    }
    const over = size.gzip - gzipKb * 1024;
    if (over > 0) {
      console.error(`The bundle is ${kb(size.gzip)} KB gzip -9, ${kb(over)} KB over its budget of ${gzipKb} KB (bundle-budget.json): make it smaller, or raise the budget with the reason in the commit.`);
      process.exit(1);
    }
    console.log(`within the budget by ${kb(-over)} KB`);
  }
}
