// Entry of dist/label-stats-worker.js: the worker threads of labelStatsParallel in the extension
// host. The extension bundle cannot serve as the worker script (it imports `vscode`, which only
// the extension host's own loader provides), so the workers load this small bundle instead.
import { isLabelStatsWorker, serveLabelStatsWorker } from "./label-stats-parallel";

if (isLabelStatsWorker()) void serveLabelStatsWorker();
