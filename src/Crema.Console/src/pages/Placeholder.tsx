// A section that comes in a later round.
export function Placeholder({ title, text }: { title: string; text: string }) {
  return (
    <div class="page">
      <h1>{title}</h1>
      <div class="state empty">{text}</div>
    </div>
  );
}
