// tracedeck as a host installs it (`scripts/package` makes the npm tarball): the viewer's ES module
// and its wasm under content-hashed names, so a new build is never served beside an old wasm,
// and the <trace-deck> custom element. Types: index.d.ts. Docs: docs/embedding.md.
import initWasm, { mount } from './tracedeck.js';
import { ATTRIBUTES } from './attributes.js';

export { mount };

let ready;

/**
 * Loads the viewer's wasm, once per page: later calls share the first. `wasm` is its URL, for a
 * host that serves it elsewhere; by default it is found beside this module.
 */
export default function init(wasm) {
  ready ??= initWasm(wasm === undefined ? undefined : { module_or_path: wasm });
  return ready;
}

/** `jaeger-ui` → `jaeger_ui`. */
const settingName = (attribute) => attribute.replaceAll('-', '_');

/** A settings object's change as a `setConfig` partial: new values, and `null` for removed keys. */
function changes(before, after) {
  const partial = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) partial[key] = after[key] ?? null;
  }
  return partial;
}

/**
 * Defines the <trace-deck> element (or `name`) and returns its class; defining it again returns
 * the class defined first. Settings come from its attributes (the plain ones, in kebab-case) and
 * its `config` property (any setting; it wins over an attribute). It mounts a viewer when
 * connected (loading the wasm with `init()` first if nobody has), unmounts it when removed (not
 * when moved), and applies changed settings in place where it can. The viewer's events
 * (`traceopen`, `traceclose`, `spanselect`, `heightchange`) are dispatched on the element.
 */
export function define(name = 'trace-deck') {
  const defined = customElements.get(name);
  if (defined) return defined;
  class TraceDeck extends HTMLElement {
    static observedAttributes = ATTRIBUTES;
    #config = {};
    #applied = {};
    #viewer = null;
    /** Bumped by every connect and disconnect, so a wasm that loads late mounts nothing stale. */
    #generation = 0;

    get config() {
      return this.#config;
    }

    set config(value) {
      this.#config = { ...(value ?? {}) };
      this.#update();
    }

    connectedCallback() {
      const generation = ++this.#generation;
      if (this.#viewer) return;
      init().then(() => {
        if (generation !== this.#generation || this.#viewer) return;
        this.#applied = this.#settings();
        this.#viewer = mount(this, this.#applied);
      });
    }

    disconnectedCallback() {
      const generation = ++this.#generation;
      // A move is a disconnect and a connect in one task: only an element still out unmounts.
      queueMicrotask(() => {
        if (generation !== this.#generation || this.isConnected || !this.#viewer) return;
        this.#viewer.unmount();
        this.#viewer = null;
      });
    }

    attributeChangedCallback() {
      this.#update();
    }

    /** The attributes, then the `config` property. */
    #settings() {
      const settings = {};
      for (const attribute of ATTRIBUTES) {
        const value = this.getAttribute(attribute);
        if (value !== null) settings[settingName(attribute)] = value;
      }
      return { ...settings, ...this.#config };
    }

    #update() {
      if (!this.#viewer) return;
      const settings = this.#settings();
      const partial = changes(this.#applied, settings);
      this.#applied = settings;
      if (Object.keys(partial).length > 0) this.#viewer.setConfig(partial);
    }
  }
  customElements.define(name, TraceDeck);
  return TraceDeck;
}
