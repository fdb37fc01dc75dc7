'use client';

import { useEffect, useState } from 'react';
import type { Settings } from 'tracedeck';
import type {} from 'tracedeck/react';
import { useTheme } from '../theme';

// Object settings go through the `config` property. A constant, so that a re-render of this
// component hands the element the same object and changes nothing in the viewer.
const CONFIG: Settings = {
  colors: { 'acontext-api': '#f59e0b', 'acontext-core': '#8b5cf6' },
  thresholds: { 'GET /api/v1/session/{id}': '250ms' },
};

export function TraceViewer({ jaegerUi }: { jaegerUi: string }) {
  const theme = useTheme();
  const [defined, setDefined] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [lastOpened, setLastOpened] = useState<string | null>(null);

  useEffect(() => {
    // The module needs a browser (window, WebAssembly): imported here, never during SSR.
    // define() again (a later visit, StrictMode's second effect) returns the element defined first.
    import('tracedeck')
      .then(({ define }) => {
        define();
        setDefined(true);
      })
      .catch((error: unknown) => setFailure(String(error)));
  }, []);

  return (
    <>
      <p role="status">Last opened trace: {lastOpened ?? 'none yet'}</p>
      {failure && <p role="alert">The trace viewer could not load: {failure}</p>}
      {/* Rendered once defined, so that React sets `config` as a property, not an attribute. */}
      {defined && (
        <trace-deck
          api="/acme/api/jaeger"
          services="acontext-api,acontext-core"
          jaeger-ui={jaegerUi}
          allow-demo="false"
          theme={theme}
          config={CONFIG}
          ontraceopen={(event) => setLastOpened(event.detail.traceId)}
        />
      )}
    </>
  );
}
