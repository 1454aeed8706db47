import { noChange, nothing, type ChildPart } from "lit";
import { AsyncDirective, directive } from "lit/async-directive.js";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import { cachedMarkdown, renderMarkdown } from "./markdown";

/**
 * Markdown that is rendered only when it comes near the viewport. A record of 5 agents x 40
 * steps has hundreds of step texts, and KaTeX costs ~0.5 ms a formula: rendering them all up
 * front takes 100+ ms. Until then the text shows as plain (escaped) text. Texts already in view
 * when a record is drawn are upgraded before the first paint (`upgradeInView`), so a reader never
 * sees their TeX source; the observer takes the rest as they come near. Cached texts render at
 * once.
 */
type Upgrade = () => void;
/** Texts still plain; an element leaves when upgraded or when its directive is disconnected. */
const pending = new Map<Element, Upgrade>();
/** A text started waiting since `upgradeInView` last looked: only then can one be due in view. */
let watchedSinceCheck = false;
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
  watchedSinceCheck = true;
  observer.observe(el);
}

/**
 * Containers styled `content-visibility: auto` (styles.css): the browser skips laying out their
 * insides while they are off screen, and reading a position inside one would lay it out.
 */
const SKIPPABLE = ".solution-card, .step";

/**
 * Upgrades the plain texts inside the window now, before the browser paints: call it after every
 * render commits (it returns at once unless the render brought new plain texts). Reads every position first, then writes, so layout runs once; a text's
 * skippable containers are read from the outside in, and one out of view ends the question.
 */
export function upgradeInView(): void {
  if (!watchedSinceCheck) return;
  watchedSinceCheck = false;
  if (pending.size === 0) return;
  const seen = new Map<Element, boolean>();
  const visible = (el: Element): boolean => {
    let known = seen.get(el);
    if (known === undefined) {
      const r = el.getBoundingClientRect();
      // Not laid out (a closed <details>), or outside the window.
      known = r.width > 0 && r.bottom >= 0 && r.top <= window.innerHeight;
      seen.set(el, known);
    }
    return known;
  };
  const due: [Element, Upgrade][] = [];
  for (const [el, upgrade] of pending) {
    const boxes: Element[] = [el];
    for (let c = el.parentElement?.closest(SKIPPABLE); c; c = c.parentElement?.closest(SKIPPABLE))
      boxes.unshift(c);
    if (boxes.every(visible)) due.push([el, upgrade]);
  }
  for (const [el, upgrade] of due) {
    observer?.unobserve(el);
    pending.delete(el);
    upgrade();
  }
  if (due.length > 0)
    document.dispatchEvent(new CustomEvent(UPGRADED_EVENT, { detail: due.length }));
}

class LazyMarkdown extends AsyncDirective {
  private text: string | undefined;
  private host: Element | undefined;

  render(_text: string): unknown {
    return nothing;
  }

  override update(part: ChildPart, [text]: [string]): unknown {
    const host = part.parentNode as Element;
    // The same text in the same place: as it is, plain and watched or already upgraded.
    if (text === this.text && host === this.host) return noChange;
    this.text = text;
    // An earlier text's upgrade is not due any more.
    observer?.unobserve(host);
    pending.delete(host);
    this.host = host;
    const cached = cachedMarkdown(text);
    if (cached !== undefined) return unsafeHTML(cached);
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
