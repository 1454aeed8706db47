import { describe, expect, it } from "vitest";
import { parseProgress } from "../../../../extension/src/runs/jobs/parse-progress";

describe("parseProgress", () => {
  it("reads inference's tqdm bar, the last \\r update winning", () => {
    const text =
      ">> After filtering: 100 samples\n" +
      "Processing samples:   0%|          | 0/100 [00:00<?, ?it/s]\r" +
      "Processing samples:  40%|████      | 40/100 [00:04<00:06,  9.90it/s]";
    expect(parseProgress(text)).toEqual({ fraction: 0.4, label: "Processing samples 40/100" });
  });

  it("reads the filtering line before any bar", () => {
    expect(parseProgress(">> After filtering: 37 samples\n")).toEqual({
      fraction: 0,
      label: "37 samples to process",
    });
  });

  it("reads vLLM's Processed prompts bar with its postfix", () => {
    const text =
      "Processed prompts:  25%|██▌       | 250/1000 [00:10<00:30, 24.8it/s, est. speed input: 1000.00 toks/s, output: 500.00 toks/s]";
    expect(parseProgress(text)).toEqual({ fraction: 0.25, label: "Processed prompts 250/1000" });
  });

  it("prefers GRPO's outer episode bar over the inner training bar", () => {
    const text =
      "Episode [2/4]:  50%|█████     | 5/10 [01:00<01:00]\n" +
      "Train epoch [1/1]:  30%|███       | 3/10 [00:03<00:07]\r";
    expect(parseProgress(text)).toEqual({ fraction: 0.5, label: "Episode [2/4] 5/10" });
  });

  it("reads a bare Episode line and a Train epoch bar alone", () => {
    expect(parseProgress("Episode [3/10]\n")).toEqual({ fraction: 0.2, label: "Episode 3/10" });
    expect(parseProgress("Train epoch [1/3]:  10%|█ | 1/10 [00:01<00:09]")).toEqual({
      fraction: 0.1,
      label: "Train epoch [1/3] 1/10",
    });
  });

  it("reads k-suffixed counts and ignores text without progress", () => {
    expect(parseProgress("Processing:  50%|█████| 1.5k/3k [00:01<00:01]")?.fraction).toBe(0.5);
    expect(parseProgress("loading model...\n")).toBeUndefined();
  });
});
