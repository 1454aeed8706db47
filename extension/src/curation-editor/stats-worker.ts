// Entry of dist/stats-worker.js: the worker threads of the Stats view in the extension host, for
// the label figures (labelStatsParallel) and the record figures (recordStatsParallel). The
// extension bundle cannot serve as the worker script (it imports `vscode`, which only the
// extension host's own loader provides), so the workers load this small bundle instead.
import { isLabelStatsWorker, serveLabelStatsWorker } from "../data/label-stats-parallel";
import { isRecordStatsWorker, serveRecordStatsWorker } from "./record-stats-parallel";

if (isLabelStatsWorker()) void serveLabelStatsWorker();
else if (isRecordStatsWorker()) void serveRecordStatsWorker();
