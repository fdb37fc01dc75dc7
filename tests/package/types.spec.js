// The npm package as a TypeScript host meets it: the tarball (scripts/package) installs into an
// empty project, a file giving every setting (mount config, element attributes, config property,
// events in React 19's JSX) type-checks under `strict`, and a wrong setting name or type is a
// type error that names it.
import { test, expect } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const project = resolve('target/package-check');
const tsc = resolve('node_modules/.bin/tsc');

/** A valid value of each setting a host may give (shared with core/tests/settings.rs, which
 * reads each without a problem). */
const SAMPLES = JSON.parse(readFileSync('tests/fixtures/settings-samples.json', 'utf8'));

/** Type-checks `files` (name → source) in the project; the compiler's output and status. */
function typecheck(files) {
  for (const name of readdirSync(project).filter((f) => /\.tsx?$/.test(f))) rmSync(join(project, name));
  for (const [name, source] of Object.entries(files)) writeFileSync(join(project, name), source);
  const run = spawnSync(tsc, ['-p', project], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

test.beforeAll(() => {
  const tarball = readdirSync('target/package').find((f) => /^tracedeck-.*\.tgz$/.test(f));
  if (!tarball) throw new Error('target/package has no tracedeck-*.tgz: run scripts/package first');
  rmSync(project, { recursive: true, force: true });
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'host', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', resolve('target/package', tarball)], { cwd: project, stdio: 'pipe' });
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler',
      lib: ['ES2022', 'DOM'], jsx: 'react-jsx', skipLibCheck: false, types: [],
      // React's types come from the repository's own node_modules, as a host's would be installed.
      typeRoots: [resolve('node_modules/@types')], paths: { react: [resolve('node_modules/@types/react')] },
    },
  }));
});

test('the package declares every setting, and a host file using all of them type-checks', () => {
  const installed = readFileSync(join(project, 'node_modules/tracedeck/settings.d.ts'), 'utf8');
  const block = installed.slice(installed.indexOf('export interface Settings {'));
  const declared = [...block.slice(0, block.indexOf('\n}')).matchAll(/^ {2}readonly (\w+)\?:/gm)].map((m) => m[1]);
  expect(declared.sort()).toEqual(Object.keys(SAMPLES).sort());
  const settings = Object.entries(SAMPLES).map(([k, v]) => `  ${k}: ${JSON.stringify(v)},`).join('\n');
  const { status, output } = typecheck({
    'host.ts': `import init, { define, mount, type MountSettings, type TraceDeckElement } from 'tracedeck';
const settings: MountSettings = {
${settings}
  configUrl: '/tracedeck.json',
};
await init(new URL('https://cdn.example.com/tracedeck_bg.wasm'));
const viewer = mount(document.body, settings);
viewer.setConfig({ theme: 'light', range: null });
viewer.unmount();
define();
const element: TraceDeckElement = document.createElement('trace-deck');
element.config = { headers: { Authorization: 'Bearer t' } };
element.addEventListener('spanselect', (event) => console.log(event.detail.traceId, event.detail.spanId?.length));
element.addEventListener('heightchange', (event) => console.log(event.detail.height + 1));
`,
    'page.tsx': `import type {} from 'tracedeck/react';
export const Page = () => (
  <trace-deck api="/api/jaeger" jaeger-ui="https://jaeger.example.com" services="acontext-api" theme="dark"
    chrome="none" limit={50} allow-demo="false" config={{ colors: { 'acontext-api': '#2dd4bf' } }}
    ontraceopen={(event) => console.log(event.detail.traceId)} />
);
`,
  });
  expect(output).toBe('');
  expect(status).toBe(0);
});

test('a wrong setting name or type is a type error naming it', () => {
  const cases = [
    ["mount(document.body, { refersh: 30 });", /'refersh' does not exist in type 'MountSettings'/],
    ["mount(document.body, { limit: 'many' });", /Type 'string' is not assignable to type 'number'/],
    ["mount(document.body, { theme: 'pink' });", /Type '"pink"' is not assignable to type '"auto" \| "dark" \| "light"/],
    ["mount(document.body, { services: [1] });", /Type 'number' is not assignable to type 'string'/],
    ["document.createElement('trace-deck').addEventListener('traceopen', (e) => e.detail.spanId);", /Property 'spanId' does not exist/],
  ];
  for (const [line, error] of cases) {
    const { status, output } = typecheck({ 'bad.ts': `import { mount } from 'tracedeck';\n${line}\nexport {};\n` });
    expect(status, line).not.toBe(0);
    expect(output, line).toMatch(error);
  }
  const { output } = typecheck({ 'bad.tsx': `import type {} from 'tracedeck/react';\nexport const P = () => <trace-deck theme="pink" />;\n` });
  expect(output).toMatch(/Type '"pink"' is not assignable/);
});
