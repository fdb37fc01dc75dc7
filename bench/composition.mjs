// What the wasm's code is made of: `twiggy top` over the release build with its function names kept
// through wasm-opt (scripts/bench builds it so; otherwise it is the shipped build), each function
// counted under who put it there. `node bench/composition.mjs named.wasm` prints the table; twiggy
// comes from crates.io (scripts/bench installs it).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const LEPTOS = new Set(['tachys', 'reactive_graph', 'reactive_stores', 'leptos', 'leptos_dom', 'leptos_macro', 'leptos_server', 'leptos_config', 'hydration_context', 'either_of', 'next_tuple', 'any_spawner', 'or_poisoned', 'throw_error', 'send_wrapper', 'oco_ref', 'guardian', 'erased', 'slotmap', 'server_fn', 'wasm_streams']);
const STD = new Set(['core', 'alloc', 'std', '__rustc', 'compiler_builtins', 'dlmalloc', 'hashbrown', 'indexmap', 'memchr', 'rustc_hash']);
const SERDE = new Set(['serde', 'serde_core', 'serde_json', 'ryu', 'itoa', 'zmij']);
const BINDINGS = new Set(['wasm_bindgen', 'wasm_bindgen_futures', 'js_sys', 'web_sys', 'gloo_net', 'gloo_timers', 'gloo_utils']);
/** twiggy's items that are the module's frame rather than code or data. */
const STRUCTURE = /^(type\[|global\[|memory\[|table\[|elem\[|code section headers|function section headers|wasm magic bytes|"?(exports|imports))/;

/** The rows, largest first: `[{ group, bytes }]`, bytes of code and data in the wasm. */
export function composition(wasm) {
  const items = JSON.parse(execFileSync('twiggy', ['top', '-n', '1000000', '-f', 'json', wasm], { maxBuffer: 1 << 28 }));
  const groups = new Map();
  for (const { name: raw, shallow_size: bytes } of items) {
    // Names and other custom sections are not downloaded.
    if (raw.endsWith('subsection') || raw.startsWith('custom section')) continue;
    const group = groupOf(raw.replace(/\[[0-9a-f]{8,}\]/g, ''));
    groups.set(group, (groups.get(group) ?? 0) + bytes);
  }
  return [...groups].map(([group, bytes]) => ({ group, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/**
 * The crate that wrote a function: for `<Self as Trait>::f`, the trait's crate when it is leptos or
 * serde (their impls over our types are their code, made for us), else Self's (our `Clone`, our
 * closures' `FnOnce` are ours); for a path, its first segment that is not a type parameter;
 * `<str>::f`, `<[T]>::f` are std's.
 */
export function crateOf(name) {
  if (name.startsWith('<')) {
    let depth = 0;
    for (let i = 0; i < name.length; i++) {
      if (name[i] === '<') depth++;
      else if (name[i] === '>') depth--;
      else if (depth === 1 && name.startsWith(' as ', i)) {
        const traitCrate = crateOf(name.slice(i + 4));
        if (LEPTOS.has(traitCrate) || SERDE.has(traitCrate)) return traitCrate;
        return crateOf(name.slice(1, i));
      }
      // `<str>::trim_matches`, `<[T]>::sort_by`, `<tracedeck::X>::f`: the type's crate.
      if (depth === 0) return crateOf(name.slice(1, i));
    }
  }
  for (const [, crate] of name.matchAll(/([A-Za-z_][A-Za-z0-9_]*)::/g)) if (!/^[A-Z]/.test(crate)) return crate;
  return 'core';
}

/** The row a function or data item counts under. */
export function groupOf(name) {
  if (/^data(\[| segment)/.test(name)) return 'read-only data (text of the UI and of errors, tables, vtables)';
  if (STRUCTURE.test(name)) return 'the module\'s frame (types, section headers, globals, tables)';
  if (/^code\[\d+\]$/.test(name)) return 'code without a name';
  if (/^(export|import) |^__(wbg|wbindgen|externref)/.test(name)) return 'wasm-bindgen, js-sys, web-sys';
  const crate = crateOf(name);
  if (crate === 'tracedeck_core') return 'tracedeck-core: model, view model, wire readers';
  if (crate === 'tracedeck') return 'tracedeck: components, runtime, fetching';
  const ours = /tracedeck(_core)?::/.test(name);
  if (LEPTOS.has(crate)) return ours ? 'leptos, made for our views and state' : 'leptos, its own code';
  if (SERDE.has(crate)) return ours ? 'serde_json, made for our wire types' : 'serde_json, its own code';
  if (STD.has(crate)) return ours ? 'std and collections, made for our types' : 'std and collections, not generic over our types';
  if (BINDINGS.has(crate)) return 'wasm-bindgen, js-sys, web-sys';
  return ours ? 'other crates, made for our types' : 'other crates';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wasm = process.argv[2];
  if (!wasm) {
    console.error('usage: node bench/composition.mjs path/to/named.wasm (a release build that kept its function names)');
    process.exit(1);
  }
  const rows = composition(wasm);
  const total = rows.reduce((t, r) => t + r.bytes, 0);
  const share = (group) => rows.find((r) => r.group === group)?.bytes ?? 0;
  // Without names, or with names that carry no type arguments (legacy mangling), nothing could be
  // told apart: say so rather than print a table of one row.
  if (!rows.some((r) => r.group.endsWith('made for our views and state')) || share('code without a name') > total / 10) {
    console.error(`${wasm} has no usable function names: build it with data-keep-debug and wasm-opt -g (scripts/bench does), with v0 symbol names (scripts/setup.sh, size_settings).`);
    process.exit(1);
  }
  console.log(`wasm as shipped, by who put the code there (twiggy): ${(total / 1024).toFixed(0)} KB`);
  for (const { group, bytes } of rows) console.log(`  ${group.padEnd(64)} ${(bytes / 1024).toFixed(0).padStart(5)} KB  ${((100 * bytes) / total).toFixed(1).padStart(5)} %`);
}
