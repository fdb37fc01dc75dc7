// <trace-deck> in React 19's JSX: `import type {} from 'tracedeck/react'` once in a host's
// TypeScript. React 19 sets `config` as a property and listens to `on<event>` props (for example
// `ontraceopen`) as the element's events.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { MountSettings, SettingAttributes, TraceDeckElement, TraceDeckEventMap } from './index.js';

/** `ontraceopen`, `onspanselect`, …: the element's events as React 19 props. */
export type TraceDeckEventProps = {
  readonly [K in keyof TraceDeckEventMap as `on${K}`]?: (event: TraceDeckEventMap[K]) => void;
};

/** The element's props in JSX. */
export type TraceDeckProps = DetailedHTMLProps<HTMLAttributes<TraceDeckElement>, TraceDeckElement> &
  SettingAttributes &
  TraceDeckEventProps & { config?: MountSettings };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'trace-deck': TraceDeckProps;
    }
  }
}
