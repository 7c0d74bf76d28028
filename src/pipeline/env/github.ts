/**
 * GitHub Actions. Variables: https://docs.github.com/en/actions/reference/variables-reference
 * Event payloads (the JSON at GITHUB_EVENT_PATH): https://docs.github.com/en/webhooks/webhook-events-and-payloads
 *
 * The run URL is SERVER_URL/REPOSITORY/actions/runs/RUN_ID. Which commit the run is about depends
 * on the event:
 * - push (and most others): GITHUB_SHA, message and author from `head_commit` in the event;
 * - pull_request, pull_request_target…: GITHUB_SHA is the test merge commit (or the base branch's
 *   head), so the commit is `pull_request.head.sha` on `pull_request.head.ref`; the event carries
 *   no message or author for it (the checkout may);
 * - workflow_run: GITHUB_SHA is the default branch's head; the run is about the triggering run's
 *   `workflow_run.head_sha` / `head_branch` / `head_commit` and its first pull request.
 * The person is GITHUB_TRIGGERING_ACTOR (who re-ran it) before GITHUB_ACTOR (who started the first attempt).
 */
import type { CiFacts } from "../facts.ts";
import { count, text } from "../values.ts";
import type { EnvContext, EnvReader } from "./reader.ts";

export const github: EnvReader = {
  detect: (env) => (env["GITHUB_ACTIONS"] === "true" ? "GITHUB_ACTIONS=true" : undefined),
  read: (env, context) => {
    const server = text(env["GITHUB_SERVER_URL"])?.replace(/\/+$/, "");
    const repo = text(env["GITHUB_REPOSITORY"]);
    const runId = text(env["GITHUB_RUN_ID"]);
    const base = server && repo ? `${server}/${repo}` : undefined;
    const facts: CiFacts = {
      provider: "github",
      pipeline: text(env["GITHUB_WORKFLOW"]),
      runId,
      runNumber: count(env["GITHUB_RUN_NUMBER"]),
      runUrl: base && runId ? `${base}/actions/runs/${runId}` : undefined,
      triggerUser: text(env["GITHUB_TRIGGERING_ACTOR"]) ?? text(env["GITHUB_ACTOR"]),
      triggerEvent: text(env["GITHUB_EVENT_NAME"]),
      task: text(env["GITHUB_JOB"]),
      repo,
      ...commitFacts(env, readEvent(text(env["GITHUB_EVENT_PATH"]), context), base),
    };
    return facts;
  },
  variables: [
    "GITHUB_WORKFLOW",
    "GITHUB_JOB",
    "GITHUB_RUN_ID",
    "GITHUB_RUN_NUMBER",
    "GITHUB_RUN_ATTEMPT",
    "GITHUB_REPOSITORY",
    "GITHUB_REF",
    "GITHUB_REF_NAME",
    "GITHUB_HEAD_REF",
    "GITHUB_BASE_REF",
    "GITHUB_SHA",
    "GITHUB_ACTOR",
    "GITHUB_TRIGGERING_ACTOR",
    "GITHUB_EVENT_NAME",
    "GITHUB_SERVER_URL",
  ],
  untrusted: [
    "GITHUB_REF",
    "GITHUB_REF_NAME",
    "GITHUB_HEAD_REF",
    "GITHUB_BASE_REF",
    "GITHUB_ACTOR",
    "GITHUB_TRIGGERING_ACTOR",
  ],
};

/** The branch, commit and pull request the run is about, by event (see the module comment). */
function commitFacts(
  env: Record<string, string | undefined>,
  event: unknown,
  base: string | undefined,
): CiFacts {
  const commitUrl = (sha: string | undefined) => (base && sha ? `${base}/commit/${sha}` : undefined);
  const pr = field(event, "pull_request");
  if (pr !== undefined) {
    const head = field(pr, "head");
    const sha = text(field(head, "sha"));
    const number = count(field(pr, "number"));
    return {
      branch: text(field(head, "ref")) ?? text(env["GITHUB_HEAD_REF"]),
      commitSha: sha,
      commitUrl: commitUrl(sha),
      pullRequestId: number === undefined ? undefined : String(number),
      pullRequestTitle: text(field(pr, "title")),
      pullRequestUrl: text(field(pr, "html_url")),
    };
  }
  const name = env["GITHUB_EVENT_NAME"] ?? "";
  // Without the event file GITHUB_SHA would be a merge commit or another branch's head: say nothing.
  if (name.startsWith("pull_request")) return { branch: text(env["GITHUB_HEAD_REF"]) };
  if (name === "workflow_run") {
    const run = field(event, "workflow_run");
    if (run === undefined) return {};
    const sha = text(field(run, "head_sha"));
    const first = field(run, "pull_requests");
    const number = count(field(Array.isArray(first) ? first[0] : undefined, "number"));
    return {
      branch: text(field(run, "head_branch")),
      commitSha: sha,
      commitUrl: commitUrl(sha),
      ...headCommit(field(run, "head_commit"), sha),
      pullRequestId: number === undefined ? undefined : String(number),
      pullRequestUrl: number !== undefined && base ? `${base}/pull/${number}` : undefined,
    };
  }
  const sha = text(env["GITHUB_SHA"]);
  return {
    branch: text(env["GITHUB_HEAD_REF"]) ?? text(env["GITHUB_REF_NAME"]),
    commitSha: sha,
    commitUrl: commitUrl(sha),
    ...headCommit(field(event, "head_commit"), sha),
  };
}

/** Message and author name of a `head_commit` object — only when it is the commit reported. */
function headCommit(commit: unknown, sha: string | undefined): CiFacts {
  const id = text(field(commit, "id"));
  if (commit === undefined || (id !== undefined && sha !== undefined && id !== sha)) return {};
  const author = field(commit, "author");
  return {
    commitMessage: text(field(commit, "message")),
    commitAuthor: text(field(author, "name")) ?? text(field(author, "username")),
  };
}

/** The event JSON at GITHUB_EVENT_PATH; undefined when absent, unreadable or not JSON. */
function readEvent(path: string | undefined, context: EnvContext): unknown {
  if (path === undefined) return undefined;
  try {
    const raw = context.readFile(path);
    return raw === undefined ? undefined : JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
