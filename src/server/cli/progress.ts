/**
 * A progress bar for long CLI runs: redrawn in place on a terminal, a line every 10%
 * otherwise (CI logs). Shows the rate and the time left.
 */
export interface Progress {
  advance(by: number): void;
  done(): { seconds: number; rate: number };
}

export function progressBar(
  label: string,
  total: number,
  out: NodeJS.WriteStream = process.stderr,
): Progress {
  const started = performance.now();
  let current = 0;
  let lastDecile = -1;
  const render = () => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? current / seconds : 0;
    const share = total > 0 ? current / total : 1;
    const eta = rate > 0 ? Math.ceil((total - current) / rate) : 0;
    const width = 30;
    const filled = Math.round(share * width);
    return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${current.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${Math.round(rate).toLocaleString('en-US')}/s ETA ${eta}s`;
  };
  return {
    advance(by) {
      current = Math.min(total, current + by);
      if (out.isTTY) {
        out.write(`\r${render()}`);
      } else {
        const decile = Math.floor((current / Math.max(total, 1)) * 10);
        if (decile !== lastDecile) {
          lastDecile = decile;
          out.write(`${render()}\n`);
        }
      }
    },
    done() {
      const seconds = (performance.now() - started) / 1000;
      if (out.isTTY) out.write(`\r${render()}\n`);
      return { seconds, rate: seconds > 0 ? current / seconds : 0 };
    },
  };
}
