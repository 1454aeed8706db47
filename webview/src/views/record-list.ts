import { LitElement, html, nothing, type PropertyValues } from "lit";
import { plainText } from "../render/plain-text";
import { cssProps } from "./css-props";
import type { RecordSummary } from "../../../schemas/src/webview-protocol";
import {
  computeWindow,
  MAX_SPACER,
  scrollTopForRow,
  type WindowInput,
} from "../state/virtual-window";

export const ROW_HEIGHT = 44;

/**
 * The virtualized record list: draws only the rows in view (plus overscan) and asks for the
 * pages it lacks through `rows-needed`. Light DOM, so the page stylesheet themes it.
 */
export class RecordList extends LitElement {
  static override properties = {
    total: { type: Number },
    selected: { type: Number },
    revision: { type: Number },
    prmThreshold: { type: Number },
    rowAt: { attribute: false },
    scrollPos: { state: true },
    viewport: { state: true },
  };
  // `declare`: class fields would shadow Lit's reactive accessors (useDefineForClassFields).
  declare total: number;
  declare selected: number;
  /** Bumped by the app when cached pages change, to re-render. */
  declare revision: number;
  declare prmThreshold: number;
  declare rowAt: (position: number) => RecordSummary | undefined;
  declare scrollPos: number;
  declare viewport: number;
  private resize?: ResizeObserver;

  constructor() {
    super();
    this.total = 0;
    this.selected = -1;
    this.revision = 0;
    this.prmThreshold = 0;
    this.rowAt = () => undefined;
    this.scrollPos = 0;
    this.viewport = 400;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resize = new ResizeObserver(() => {
      const scroller = this.scroller();
      if (scroller) this.viewport = scroller.clientHeight;
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize?.disconnect();
  }

  protected override firstUpdated(): void {
    const scroller = this.scroller();
    if (scroller) {
      this.resize?.observe(scroller);
      this.viewport = scroller.clientHeight || 400;
    }
  }

  private scroller(): HTMLElement | null {
    return this.querySelector(".list-scroller");
  }

  private input(): WindowInput {
    return {
      count: this.total,
      rowHeight: ROW_HEIGHT,
      viewportHeight: this.viewport,
      scrollTop: this.scrollPos,
      overscan: 8,
      maxSpacer: MAX_SPACER,
    };
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has("selected") && this.selected >= 0) this.reveal(this.selected);
    const w = computeWindow(this.input());
    this.dispatchEvent(new CustomEvent("rows-needed", { detail: { start: w.start, end: w.end } }));
  }

  /** Scrolls the least needed to show a row. */
  reveal(position: number): void {
    const scroller = this.scroller();
    if (!scroller) return;
    const top = scrollTopForRow(position, this.input());
    if (Math.abs(top - scroller.scrollTop) > 0.5) {
      scroller.scrollTop = top;
      this.scrollPos = scroller.scrollTop;
    }
  }

  /** For tests and benchmarks: jump to a fraction of the list. */
  scrollToFraction(fraction: number): void {
    const scroller = this.scroller();
    if (!scroller) return;
    scroller.scrollTop = fraction * (scroller.scrollHeight - scroller.clientHeight);
    this.scrollPos = scroller.scrollTop;
  }

  private readonly onScroll = (e: Event): void => {
    this.scrollPos = (e.target as HTMLElement).scrollTop;
  };

  private pick(position: number): void {
    this.dispatchEvent(new CustomEvent("select-row", { detail: position }));
  }

  private row(position: number, top: number): unknown {
    const s = this.rowAt(position);
    const selected = position === this.selected;
    const pos = cssProps({ transform: `translateY(${top}px)` });
    if (!s) {
      return html`<div class="list-row loading" role="option" aria-selected="false" ${pos}>
        <span class="row-line">…</span>
      </div>`;
    }
    const low = s.minStepScore !== null && s.minStepScore < this.prmThreshold;
    return html`<div
      class="list-row ${selected ? "selected" : ""}"
      role="option"
      id="row-${position}"
      aria-selected=${selected ? "true" : "false"}
      data-line=${s.line}
      ${pos}
      @click=${() => this.pick(position)}
    >
      <span class="row-line">${s.line + 1}</span>
      <span class="row-query">${plainText(s.queryPreview)}</span>
      <span class="row-flags">
        ${s.correct ? html`<span class="chip ok" title="correct">✓${s.correct}</span>` : nothing}
        ${s.incorrect ? html`<span class="chip bad" title="incorrect">✗${s.incorrect}</span>` : nothing}
        ${s.unlabeled ? html`<span class="chip none" title="no verdict">?${s.unlabeled}</span>` : nothing}
        ${s.error ? html`<span class="chip err" title="error">err</span>` : nothing}
        ${s.disagree ? html`<span class="chip warn" title="human overrode the judge">≠</span>` : nothing}
        ${
          s.minStepScore !== null
            ? html`<span class="chip ${low ? "bad" : "score"}" title="lowest step score">
                ${s.minStepScore.toFixed(2)}
              </span>`
            : nothing
        }
      </span>
    </div>`;
  }

  protected override render(): unknown {
    const w = computeWindow(this.input());
    const rows: unknown[] = [];
    for (let p = w.start; p < w.end; p++)
      rows.push(this.row(p, w.offset + (p - w.start) * ROW_HEIGHT));
    return html`<div
      class="list-scroller"
      role="listbox"
      tabindex="0"
      aria-label="Records"
      aria-activedescendant=${this.selected >= 0 ? `row-${this.selected}` : nothing}
      @scroll=${this.onScroll}
    >
      <div class="list-spacer" ${cssProps({ height: `${w.spacerHeight}px` })}>${rows}</div>
    </div>`;
  }
}

customElements.define("record-list", RecordList);

declare global {
  interface HTMLElementTagNameMap {
    "record-list": RecordList;
  }
}
