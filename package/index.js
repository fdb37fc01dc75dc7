// tracedeck as a host installs it (`scripts/package` makes the npm tarball): the viewer's ES module
// and its wasm under content-hashed names, so a new build is never served beside an old wasm,
// and the <trace-deck> custom element. Types: index.d.ts. Docs: docs/embedding.md.
import initWasm, { mount } from './tracedeck.js';
import { ATTRIBUTES } from './attributes.js';

export { mount };

/** The wasm's loading, once begun, and the URL it was begun with (`undefined`: beside this module). */
let ready;
let readyFrom;

/**
 * Loads the viewer's wasm, once per page: later calls share the first. `wasm` is its URL, for a
 * host that serves it elsewhere (by default it is found beside this module); give it before any
 * element connects, as the first call decides. A load that failed is tried again by the next call.
 */
export default function init(wasm) {
  const from = wasm === undefined ? undefined : String(wasm);
  if (ready && from !== undefined && from !== readyFrom) {
    return Promise.reject(new Error(`tracedeck init: the wasm is already loading from ${readyFrom ?? 'beside the module'}; call init(${from}) before define() or mount()`));
  }
  if (!ready) {
    readyFrom = from;
    ready = initWasm(from === undefined ? undefined : { module_or_path: from }).catch((error) => {
      ready = undefined;
      throw error;
    });
  }
  return ready;
}

/** A settings object's change as a `setConfig` partial: new values, and `null` for removed keys. */
function changes(before, after) {
  const partial = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) partial[key] = after[key] ?? null;
  }
  return partial;
}

/** What the element shows before its viewer does: loading, or why it could not load. */
function notice(element, text, role) {
  const p = document.createElement('p');
  p.className = role === 'alert' ? 'td-boot td-boot-failed' : 'td-boot';
  p.setAttribute('role', role);
  p.textContent = text;
  element.replaceChildren(p);
}

/**
 * Defines the <trace-deck> element (or `name`) and returns its class; defining it again returns
 * the class defined first. Settings come from its attributes (the plain ones, in kebab-case) and
 * its `config` property (any setting; it wins over an attribute). It mounts a viewer when
 * connected (loading the wasm with `init()` first if nobody has), unmounts it when removed (not
 * when moved), and applies the settings changed within a task at once: the look in place,
 * anything else by starting again where it was. The viewer's events (`traceopen`, `traceclose`,
 * `spanselect`, `heightchange`) are dispatched on the element; a wasm that cannot load is said
 * in the element and dispatched as an `error` event.
 */
export function define(name = 'trace-deck') {
  const defined = customElements.get(name);
  if (defined) return defined;
  class TraceDeck extends HTMLElement {
    static observedAttributes = Object.keys(ATTRIBUTES);
    #config = {};
    #applied = {};
    #viewer = null;
    #updating = false;
    /** Bumped by every connect and disconnect, so a wasm that loads late mounts nothing stale. */
    #generation = 0;

    constructor() {
      super();
      // A `config` set before the element was defined sits on the instance, hiding the setter.
      if (Object.hasOwn(this, 'config')) {
        const early = this.config;
        delete this.config;
        this.config = early;
      }
    }

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
      notice(this, 'Loading traces…', 'status');
      init().then(
        () => {
          if (generation !== this.#generation || this.#viewer) return;
          this.replaceChildren();
          this.#applied = this.#settings();
          this.#viewer = mount(this, this.#applied);
        },
        (error) => {
          if (generation !== this.#generation) return;
          notice(this, `The trace viewer could not load: ${error?.message ?? error}`, 'alert');
          this.dispatchEvent(new CustomEvent('error', { detail: { message: String(error?.message ?? error) } }));
        },
      );
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
      for (const [attribute, setting] of Object.entries(ATTRIBUTES)) {
        const value = this.getAttribute(attribute);
        if (value !== null) settings[setting] = value;
      }
      return { ...settings, ...this.#config };
    }

    /** Applies what changed once the task's changes are all in (React sets several at once). */
    #update() {
      if (this.#updating) return;
      this.#updating = true;
      queueMicrotask(() => {
        this.#updating = false;
        if (!this.#viewer) return;
        const settings = this.#settings();
        const partial = changes(this.#applied, settings);
        this.#applied = settings;
        if (Object.keys(partial).length > 0) this.#viewer.setConfig(partial);
      });
    }
  }
  customElements.define(name, TraceDeck);
  return TraceDeck;
}
