import { TraceViewer } from './trace-viewer';

export default function TracesPage() {
  return (
    <>
      <h1>Traces</h1>
      {/* Read per request, like JAEGER_QUERY_URL: one build serves every deployment. */}
      <TraceViewer jaegerUi={process.env.JAEGER_UI_URL ?? 'http://localhost:16686'} />
    </>
  );
}
