/**
 * <ct-chart>: draws one statistics chart from the JSON in its data-points attribute. The
 * server renders the same numbers as a table next to it, so the chart only enhances: without
 * JavaScript (or if drawing fails) the table stays as it is.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Filler,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Filler,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
);

interface KmPoint {
  t: number;
  s: number;
  lower: number | null;
  upper: number | null;
}
interface BarPoint {
  t: number;
  n: number;
}
interface TrendPoint {
  label: string;
  median: number | null;
  lo: number | null;
  hi: number | null;
  n: number | null;
}

const BRAND = '#1d4e89';
const BAND = 'rgba(29, 78, 137, 0.18)';

/** Step-function points: each value holds until the next time. */
function steps(points: { x: number; y: number | null }[]): { x: number; y: number | null }[] {
  const out: { x: number; y: number | null }[] = [];
  points.forEach((p, i) => {
    if (i > 0) out.push({ x: p.x, y: out[out.length - 1]!.y });
    out.push(p);
  });
  return out;
}

function kmConfig(
  points: KmPoint[],
  maxTime: number,
): ChartConfiguration<'line', { x: number; y: number | null }[]> {
  const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
  const start = { x: 0, y: 100 };
  const series = (pick: (p: KmPoint) => number | null) =>
    steps([
      start,
      ...points.map((p) => ({ x: p.t, y: pct(pick(p)) })),
      { x: maxTime, y: pct(pick(points[points.length - 1]!)) },
    ]);
  return {
    type: 'line',
    data: {
      datasets: [
        {
          label: 'Upper 95% limit',
          data: series((p) => p.upper),
          borderWidth: 0,
          pointRadius: 0,
          fill: false,
          backgroundColor: BAND,
        },
        {
          label: 'Lower 95% limit',
          data: series((p) => p.lower),
          borderWidth: 0,
          pointRadius: 0,
          fill: '-1',
          backgroundColor: BAND,
        },
        {
          label: 'Share still waiting',
          data: series((p) => p.s),
          borderColor: BRAND,
          borderWidth: 2,
          pointRadius: 0,
          fill: false,
        },
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: false,
      scales: {
        x: { type: 'linear', min: 0, title: { display: true, text: 'Months' } },
        y: { min: 0, max: 100, title: { display: true, text: '% still waiting' } },
      },
      plugins: { legend: { labels: { filter: (item) => item.text === 'Share still waiting' } } },
    },
  };
}

function histogramConfig(points: BarPoint[]): ChartConfiguration<'bar'> {
  return {
    type: 'bar',
    data: {
      labels: points.map((p) => String(p.t)),
      datasets: [{ label: 'Completed cases', data: points.map((p) => p.n), backgroundColor: BRAND }],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: {
        x: { title: { display: true, text: 'Months to the target' } },
        y: { beginAtZero: true, title: { display: true, text: 'Cases' } },
      },
    },
  };
}

function trendConfig(points: TrendPoint[]): ChartConfiguration<'line'> {
  // An upper limit survfit could not reach (few cases) is open-ended: draw it to the top.
  const top = Math.ceil(1.15 * Math.max(1, ...points.flatMap((p) => [p.median ?? 0, p.hi ?? 0])));
  return {
    type: 'line',
    data: {
      labels: points.map((p) => p.label),
      datasets: [
        {
          label: 'Upper 95% limit',
          data: points.map((p) => (p.median === null ? null : (p.hi ?? top))),
          borderWidth: 0,
          pointRadius: 0,
          fill: false,
          backgroundColor: BAND,
          spanGaps: false,
        },
        {
          label: 'Lower 95% limit',
          data: points.map((p) => p.lo),
          borderWidth: 0,
          pointRadius: 0,
          fill: '-1',
          backgroundColor: BAND,
          spanGaps: false,
        },
        {
          label: 'Median (KM)',
          data: points.map((p) => p.median),
          borderColor: BRAND,
          backgroundColor: BRAND,
          borderWidth: 2,
          spanGaps: false,
        },
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: {
        y: { beginAtZero: true, max: top, title: { display: true, text: 'Median months' } },
        x: { title: { display: true, text: 'Filing quarter' } },
      },
      plugins: {
        legend: { labels: { filter: (item) => item.text === 'Median (KM)' } },
        tooltip: { callbacks: { afterLabel: (item) => `n = ${points[item.dataIndex]?.n ?? '—'}` } },
      },
    },
  };
}

class CtChart extends HTMLElement {
  #chart: Chart | undefined;

  connectedCallback(): void {
    const canvas = this.querySelector('canvas');
    if (!canvas || this.#chart) return;
    try {
      const points: unknown = JSON.parse(this.dataset['points'] ?? '[]');
      const kind = this.dataset['kind'];
      const config =
        kind === 'km'
          ? kmConfig(points as KmPoint[], Number(this.dataset['maxTime'] ?? 0))
          : kind === 'histogram'
            ? histogramConfig(points as BarPoint[])
            : kind === 'trend'
              ? trendConfig(points as TrendPoint[])
              : undefined;
      if (!config || (points as unknown[]).length === 0) return;
      this.#chart = new Chart(canvas, config as ChartConfiguration);
      this.classList.add('is-drawn');
      this.dataset['drawn'] = 'true';
      // The chart now carries the picture; the table stays one click away.
      this.querySelector('details')?.removeAttribute('open');
    } catch {
      // The table beside the chart still carries every number.
    }
  }

  disconnectedCallback(): void {
    this.#chart?.destroy();
    this.#chart = undefined;
  }
}

if (!customElements.get('ct-chart')) customElements.define('ct-chart', CtChart);
