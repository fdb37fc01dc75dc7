// tracedeck's package: the viewer's functions, its handle and the <trace-deck> element. The
// settings, the element's attributes and its events are declared in settings.d.ts, made from the
// settings' one source (docs/settings.md has the same table).
import type { Settings, TraceDeckEventMap } from './settings.js';

export type { LinkTemplate, SettingAttributes, Settings, TraceDeckEventMap } from './settings.js';

/** A mount config: every setting, plus `configUrl`, a settings file (JSON) read first. */
export interface MountSettings extends Settings {
  readonly configUrl?: string;
}

/** A change of settings: given fields are merged in, and one set to `null` falls back to the
 * settings file's value or the default. */
export type SettingsChange = { readonly [K in keyof MountSettings]?: MountSettings[K] | null };

/** A mounted viewer. It lives until `unmount()`, or until its element, once in the document,
 * leaves it; dropping this handle ends nothing. */
export interface Viewer {
  /** Merges `change` into the settings. The look (`theme`, `chrome`) changes in place; any other
   * change starts the viewer again where it was (range, open traces, selection, filters). */
  setConfig(change: SettingsChange): void;
  /** Removes the viewer: its elements, listeners and timers, and any request in flight. */
  unmount(): void;
}

/** Loads the viewer's wasm, once per page; later calls share the first. `wasm` is its URL, for a
 * host that serves it elsewhere (by default it is found beside this module): give it before any
 * element connects, as the first call decides (a different URL later is refused). A load that
 * failed is tried again by the next call. */
export default function init(wasm?: string | URL): Promise<unknown>;

/** Mounts an independent viewer into `element` (after `init()`). Throws an `Error` when `element`
 * is not an element or `settings` not an object. Its events are dispatched on `element`. */
export function mount(element: HTMLElement, settings?: MountSettings): Viewer;

/** The element's events: the viewer's, and `error` when its wasm could not load. */
export interface TraceDeckElementEventMap extends TraceDeckEventMap {
  error: CustomEvent<{ readonly message: string }>;
}

/** The <trace-deck> element: settings from its attributes (see `SettingAttributes`) and its
 * `config` property (which wins); mounted while in the document, the settings changed within a
 * task applied together. */
export interface TraceDeckElement extends HTMLElement {
  config: MountSettings;
  addEventListener<K extends keyof TraceDeckElementEventMap>(
    type: K,
    listener: (this: TraceDeckElement, event: TraceDeckElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof TraceDeckElementEventMap>(
    type: K,
    listener: (this: TraceDeckElement, event: TraceDeckElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

/** Defines the element as `name` (`trace-deck` by default) and returns its class; a name already
 * defined returns the class it has. Needs no `init()` first: an element loads the wasm when it
 * connects (call `init(url)` before this for a wasm served elsewhere). */
export function define(name?: string): { new (): TraceDeckElement; prototype: TraceDeckElement };

declare global {
  interface HTMLElementTagNameMap {
    'trace-deck': TraceDeckElement;
  }
}
