export default function Home() {
  return (
    <>
      <h1>Acme dashboard</h1>
      <p>Projects, sessions and usage live here. The Traces page shows what the services did.</p>
    </>
  );
}
