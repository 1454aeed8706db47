import { nothing, type ChildPart } from "lit";
import { AsyncDirective, directive } from "lit/async-directive.js";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import { cachedMarkdown, renderMarkdown } from "./markdown";

/**
 * Markdown that is rendered only when it comes near the viewport. A record of 5 agents x 40
 * steps has hundreds of step texts, and KaTeX costs ~0.5 ms a formula: rendering them all up
 * front takes 100+ ms. Until then the text shows as plain (escaped) text, which is also what a
 * reader sees first. Cached texts render at once.
 */
type Upgrade = () => void;
const pending = new WeakMap<Element, Upgrade>();
let observer: IntersectionObserver | undefined;

/** Fired on `document` after a batch of texts was upgraded (benchmarks wait for it). */
export const UPGRADED_EVENT = "agentark-markdown-upgraded";

function watch(el: Element, upgrade: Upgrade): void {
  observer ??= new IntersectionObserver(
    (entries) => {
      let upgraded = 0;
      for (const e of entries) {
        if (!e.isIntersecting) continue;
        const fn = pending.get(e.target);
        observer?.unobserve(e.target);
        pending.delete(e.target);
        if (fn) {
          fn();
          upgraded++;
        }
      }
      if (upgraded > 0)
        document.dispatchEvent(new CustomEvent(UPGRADED_EVENT, { detail: upgraded }));
    },
    { rootMargin: "400px 0px" },
  );
  pending.set(el, upgrade);
  observer.observe(el);
}

class LazyMarkdown extends AsyncDirective {
  private text: string | undefined;
  private host: Element | undefined;

  render(_text: string): unknown {
    return nothing;
  }

  override update(part: ChildPart, [text]: [string]): unknown {
    this.text = text;
    const cached = cachedMarkdown(text);
    if (cached !== undefined) return unsafeHTML(cached);
    const host = part.parentNode as Element;
    this.host = host;
    watch(host, () => {
      if (this.isConnected && this.text === text) this.setValue(unsafeHTML(renderMarkdown(text)));
    });
    return text;
  }

  protected override disconnected(): void {
    if (this.host) {
      observer?.unobserve(this.host);
      pending.delete(this.host);
    }
  }

  protected override reconnected(): void {
    if (this.text !== undefined && this.host) {
      const text = this.text;
      watch(this.host, () => {
        if (this.isConnected && this.text === text) this.setValue(unsafeHTML(renderMarkdown(text)));
      });
    }
  }
}

/** `<div class="md">${lazyMarkdown(text)}</div>`: the directive must be the element's only child. */
export const lazyMarkdown = directive(LazyMarkdown);
