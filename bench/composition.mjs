// What the wasm's code is made of: `twiggy top` over a release build that kept its function names
// (built without wasm-opt, so shares are of the code before wasm-opt shrinks it ≈ 8 %), each
// function counted under who put it there. `node bench/composition.mjs named.wasm` prints the table
// (scripts/bench builds the named wasm); twiggy comes from crates.io (scripts/bench installs it).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const LEPTOS = new Set(['tachys', 'reactive_graph', 'leptos', 'leptos_dom', 'leptos_macro', 'either_of', 'any_spawner', 'or_poisoned', 'throw_error', 'send_wrapper', 'slotmap', 'server_fn', 'wasm_streams', 'futures_util', 'futures_channel', 'futures_executor']);
const STD = new Set(['core', 'alloc', 'std', 'compiler_builtins', 'dlmalloc', 'hashbrown', 'indexmap', 'memchr', 'rustc_hash']);
const SERDE = new Set(['serde', 'serde_core', 'serde_json', 'ryu', 'itoa', 'zmij']);
const BINDINGS = new Set(['wasm_bindgen', 'wasm_bindgen_futures', 'js_sys', 'web_sys', 'gloo_net', 'gloo_timers', 'gloo_utils', 'js']);

/** The rows, largest first: `[{ group, bytes }]`, bytes of code and data before wasm-opt. */
export function composition(wasm) {
  const items = JSON.parse(execFileSync('twiggy', ['top', '-n', '1000000', '-f', 'json', wasm], { maxBuffer: 1 << 28 }));
  const groups = new Map();
  for (const { name: raw, shallow_size: bytes } of items) {
    // Names and other custom sections are not downloaded.
    if (raw.endsWith('subsection') || raw.startsWith('custom section')) continue;
    const group = groupOf(raw.replace(/\[[0-9a-f]+\]/g, ''));
    groups.set(group, (groups.get(group) ?? 0) + bytes);
  }
  return [...groups].map(([group, bytes]) => ({ group, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/** The crate that wrote a function: the first path in its name that is not a type parameter. */
function crateOf(name) {
  for (const [, crate] of name.matchAll(/([A-Za-z_][A-Za-z0-9_]*)::/g)) if (!/^[A-Z]/.test(crate)) return crate;
  // `<str>::to_lowercase`, `<[T]>::sort_by`: std's methods on primitive types.
  return 'core';
}

function groupOf(name) {
  if (name.startsWith('data segment') || name.startsWith('elem') || name.startsWith('table')) return 'read-only data (text of the UI, tables)';
  if (/^(export|import) |^__(wbg|wbindgen|externref)/.test(name)) return 'wasm-bindgen, js-sys, web-sys';
  const crate = crateOf(name);
  if (crate === 'tracedeck_core') return 'tracedeck-core: model, view model, wire readers';
  if (crate === 'tracedeck') return 'tracedeck: components, runtime, fetching';
  const ours = /tracedeck(_core)?::/.test(name);
  if (LEPTOS.has(crate)) return ours ? 'leptos, made for our views and state' : 'leptos, its own code';
  if (SERDE.has(crate)) return ours ? 'serde_json, made for our wire types' : 'serde_json, its own code';
  if (STD.has(crate)) return ours ? 'std and collections, made for our types' : 'std and collections, for leptos and itself';
  if (BINDINGS.has(crate)) return 'wasm-bindgen, js-sys, web-sys';
  return ours ? 'other crates, made for our types' : 'other crates';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wasm = process.argv[2];
  if (!wasm) {
    console.error('usage: node bench/composition.mjs path/to/named.wasm (a release build without wasm-opt, names kept)');
    process.exit(1);
  }
  const rows = composition(wasm);
  const total = rows.reduce((t, r) => t + r.bytes, 0);
  if (total === 0 || !rows.some((r) => r.group.startsWith('tracedeck'))) {
    console.error(`${wasm} has no tracedeck function names: build it with data-wasm-opt="0" data-keep-debug (scripts/bench does).`);
    process.exit(1);
  }
  console.log(`wasm before wasm-opt, by who put the code there (twiggy): ${(total / 1024).toFixed(0)} KB`);
  for (const { group, bytes } of rows) console.log(`  ${group.padEnd(48)} ${(bytes / 1024).toFixed(0).padStart(5)} KB  ${((100 * bytes) / total).toFixed(1).padStart(5)} %`);
}
