interface BarChartProps {
  /** What the chart shows, for its caption and for screen readers. */
  title: string;
  /** Oldest first: one bar per entry. Negative values hang below the zero line. */
  data: { label: string; value: number }[];
  /** How a value reads (axis, tooltips, the table): "$1,200.00", "4". */
  format: (value: number) => string;
}

const WIDTH = 600;
const HEIGHT = 160;

/**
 * A bar chart drawn on the server as plain SVG: no chart library in the browser, nothing to
 * hydrate. Each bar has a tooltip (its SVG title), and the same figures sit in a table that
 * screen readers get instead of the picture.
 */
export function BarChart({ title, data, format }: BarChartProps) {
  const values = data.map((entry) => entry.value);
  const top = Math.max(0, ...values);
  const bottom = Math.min(0, ...values);
  const span = top - bottom || 1;
  const plot = HEIGHT;
  const y = (value: number) => ((top - value) / span) * plot;
  const slot = WIDTH / Math.max(1, data.length);
  const bar = slot * 0.64;
  return (
    <figure className="space-y-2">
      <figcaption className="flex flex-wrap justify-between gap-2 text-sm">
        <span className="font-medium text-zinc-900 dark:text-zinc-100">{title}</span>
        <span className="text-zinc-500 tabular-nums dark:text-zinc-400">
          {top > 0 ? `max ${format(top)}` : ""}
          {bottom < 0 ? ` · min ${format(bottom)}` : ""}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-32 w-full sm:h-40" aria-hidden="true" preserveAspectRatio="none">
        <line x1={0} x2={WIDTH} y1={y(0)} y2={y(0)} className="stroke-zinc-300 dark:stroke-zinc-700" strokeWidth={1} />
        {data.map((entry, index) => {
          const x = index * slot + (slot - bar) / 2;
          const from = y(Math.max(0, entry.value));
          const height = Math.max(entry.value === 0 ? 0 : 1, Math.abs(y(entry.value) - y(0)));
          return (
            <g key={entry.label}>
              <rect
                x={x}
                y={from}
                width={bar}
                height={height}
                rx={2}
                className={entry.value < 0 ? "fill-red-500 dark:fill-red-400" : "fill-zinc-800 dark:fill-zinc-300"}
              >
                <title>{`${entry.label}: ${format(entry.value)}`}</title>
              </rect>
            </g>
          );
        })}
      </svg>
      {/* Labels in HTML, not SVG text: the picture stretches to the width, the text must not. */}
      <div className="flex text-center text-[10px] text-zinc-500 sm:text-xs dark:text-zinc-400" aria-hidden="true">
        {data.map((entry) => (
          <span key={entry.label} className="min-w-0 flex-1 truncate">
            {entry.label}
          </span>
        ))}
      </div>
      <table className="sr-only">
        <caption>{title}</caption>
        <tbody>
          {data.map((entry) => (
            <tr key={entry.label}>
              <th scope="row">{entry.label}</th>
              <td>{format(entry.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
