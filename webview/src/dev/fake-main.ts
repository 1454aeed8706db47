import "../lit-nonce";
import "../styles.css";
import { FakeHost, type FakeHostOptions } from "../host/fake-host";
import { makeRecord } from "../host/fake-records";
import { clearMarkdownCache, renderMarkdown } from "../render/markdown";
import { mountApp } from "../views/mount-app";

/**
 * Entry for the browser dev page, e2e tests and benchmarks: the real UI over the in-memory host.
 * Options come from the page URL (`?count=1000000&agents=5&rounds=3&steps=40&xss=2&labelsFirst`),
 * never from record data.
 */
const params = new URLSearchParams(location.search);
const num = (key: string, fallback: number) => {
  const v = Number(params.get(key));
  return Number.isFinite(v) && params.has(key) ? v : fallback;
};
const options: FakeHostOptions = {
  count: num("count", 2000),
  shape: { agents: num("agents", 4), rounds: num("rounds", 3), steps: num("steps", 6) },
  xssLines: params.has("xss") ? [num("xss", 0)] : [],
  settings: { prmThreshold: num("threshold", 0) },
  labelFiguresFirst: params.has("labelsFirst"),
};
const host = new FakeHost(options);
const app = mountApp(host, document.body);

declare global {
  interface Window {
    __fakeHost?: FakeHost;
    __app?: typeof app;
    __bench?: {
      makeRecord: typeof makeRecord;
      clearMarkdownCache: typeof clearMarkdownCache;
      renderMarkdown: typeof renderMarkdown;
    };
  }
}
window.__fakeHost = host;
window.__app = app;
window.__bench = { makeRecord, clearMarkdownCache, renderMarkdown };
