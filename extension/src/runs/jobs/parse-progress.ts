// Progress from the real output of AgentArk's programs (reference §10): tqdm bars such as
// `Processing samples:  40%|████ | 40/100 [...]` (inference), `Processing` and vLLM's
// `Processed prompts` (label, vLLM inference), and openrlhf's `Episode [e/E]` / `Train epoch [i/N]`.

export interface Progress {
  /** 0..1, or undefined when only a label is known (e.g. `>> After filtering: N samples`). */
  readonly fraction?: number;
  readonly label: string;
}

// tqdm: `<desc>: <pct>%|<bar>| <n>/<total> [...]`; the desc may itself hold `[e/E]`.
const BAR =
  /([^\r\n|]*?):\s*(\d{1,3})%\|[^|\r\n]*\|\s*(\d+(?:\.\d+)?)([kMG]?)\/(\d+(?:\.\d+)?)([kMG]?)/g;
const EPISODE = /Episode \[(\d+)\/(\d+)\]/g;
const FILTERED = />> After filtering: (\d+) samples/g;

interface Hit {
  readonly at: number;
  readonly progress: Progress;
  readonly outer: boolean;
}

/** The latest progress in `text` (a log tail); outer loops (GRPO episodes) win over inner bars. */
export function parseProgress(text: string): Progress | undefined {
  const hits = [...bars(text), ...episodes(text), ...filtered(text)].sort((a, b) => a.at - b.at);
  const outer = hits.filter((h) => h.outer);
  const pick = outer.length ? outer[outer.length - 1] : hits[hits.length - 1];
  return pick?.progress;
}

function* bars(text: string): Generator<Hit> {
  for (const m of text.matchAll(BAR)) {
    const desc = (m[1] ?? "").trim();
    const n = scaled(m[3], m[4]);
    const total = scaled(m[5], m[6]);
    const fraction = total > 0 ? Math.min(1, n / total) : Number(m[2]) / 100;
    const outer = /^Episode \[/.test(desc);
    yield {
      at: m.index,
      outer,
      progress: { fraction, label: `${desc || "progress"} ${m[3]}${m[4]}/${m[5]}${m[6]}` },
    };
  }
}

function* episodes(text: string): Generator<Hit> {
  for (const m of text.matchAll(EPISODE)) {
    const e = Number(m[1]);
    const total = Number(m[2]);
    // A bare `Episode [e/E]` means episode e has begun, i.e. e-1 are done.
    yield {
      at: m.index,
      outer: false,
      progress: { fraction: total ? (e - 1) / total : 0, label: `Episode ${e}/${total}` },
    };
  }
}

function* filtered(text: string): Generator<Hit> {
  for (const m of text.matchAll(FILTERED))
    yield {
      at: m.index,
      outer: false,
      progress: { fraction: 0, label: `${m[1]} samples to process` },
    };
}

function scaled(num: string | undefined, suffix: string | undefined): number {
  const factor = suffix === "k" ? 1e3 : suffix === "M" ? 1e6 : suffix === "G" ? 1e9 : 1;
  return Number(num ?? 0) * factor;
}
