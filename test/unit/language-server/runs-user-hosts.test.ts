import { describe, expect, it } from "vitest";
import { TextDocument } from "vscode-languageserver-textdocument";
import { RunsService } from "../../../language-server/src/runs/runs-service";
import { parseUserHosts, withUserHosts } from "../../../schemas/src/runs/run-file";

// Hosts in the user's settings (`agentark.runs.hosts`): a run file may name them without
// declaring them, and the file's own host of the same name wins.
const doc = (text: string) => TextDocument.create("file:///ws/agentark.runs.yaml", "yaml", 1, text);
const codes = (service: RunsService, text: string) =>
  service.validate(doc(text)).map((d) => String(d.code));

const RUNS = `runs:
  debate:
    kind: custom
    host: my-gpu
    command: [python3, x.py]
`;

describe("hosts from the user's settings", () => {
  it("parses each host on its own and says why a bad one is left out", () => {
    const { hosts, problems } = parseUserHosts({
      "my-gpu": { ssh: "me@gpu:2222", agentark: "/data/AgentArk", scheduler: "direct" },
      broken: { ssh: "x", scheduler: "pbs" },
    });
    expect(Object.keys(hosts)).toEqual(["my-gpu"]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^agentark\.runs\.hosts\.broken: scheduler: /);
  });

  it("adds the user's hosts under the file's; a name the file declares is the file's", () => {
    const file = withUserHosts(
      { hosts: { shared: { ssh: "team-box" } } },
      { shared: { ssh: "mine" }, "my-gpu": { ssh: "gpu" } },
    );
    expect(file.hosts).toEqual({ shared: { ssh: "team-box" }, "my-gpu": { ssh: "gpu" } });
  });

  it("accepts `host:` naming a user host, and still reports a host nobody declares", () => {
    const service = new RunsService(() => ["vanilla"]);
    expect(codes(service, RUNS)).toContain("unknown-host");
    service.setUserHosts({ "my-gpu": { ssh: "gpu" } });
    expect(codes(service, RUNS)).not.toContain("unknown-host");
    expect(codes(service, RUNS.replace("my-gpu", "nobody"))).toContain("unknown-host");
  });

  it("does not put findings about a user host into the run file", () => {
    const service = new RunsService(() => ["vanilla"]);
    // No ssh: an error for a declared host, but not this file's to show.
    service.setUserHosts({ "my-gpu": { agentark: "~/AgentArk" } });
    expect(codes(service, RUNS)).not.toContain("host-no-ssh");
    expect(codes(service, `hosts:\n  my-gpu: {agentark: ~/A}\n${RUNS}`)).toContain("host-no-ssh");
  });

  it("completes user host names for `host:`", () => {
    const service = new RunsService(() => ["vanilla"]);
    service.setUserHosts({ "my-gpu": { ssh: "gpu" } });
    const text = RUNS.replace("host: my-gpu", "host: ");
    const line = text.split("\n").findIndex((l) => l.startsWith("    host: "));
    const items = service.complete(doc(text), { line, character: "    host: ".length });
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(["my-gpu", "local"]));
  });
});
