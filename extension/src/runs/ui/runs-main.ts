// Entry of dist/runs.js: the job engine behind the Runs UI, loaded on first use by RunsFeatures.
import type { RunsApi, RunsApiDeps } from "./runs-api";
import { RunsService } from "./runs-service";

export function createRunsApi(deps: RunsApiDeps): RunsApi {
  return new RunsService(deps);
}
