// Entry of dist/stats-worker.js: the worker threads of the curation editor in the extension host,
// for the label figures (labelStatsParallel), the Stats view's record figures and the record
// list's filter (record-range-parallel.ts). The extension bundle cannot serve as the worker
// script (it imports `vscode`, which only the extension host's own loader provides), so the
// workers load this small bundle instead.
import { isLabelStatsWorker, serveLabelStatsWorker } from "../data/label-stats-parallel";
import { isRecordRangeWorker, serveRecordRangeWorker } from "./record-range-parallel";

if (isLabelStatsWorker()) void serveLabelStatsWorker();
else if (isRecordRangeWorker()) void serveRecordRangeWorker();
