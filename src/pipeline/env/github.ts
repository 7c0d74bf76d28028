/**
 * GitHub Actions. The run URL is built from SERVER_URL/REPOSITORY/RUN_ID; the head commit's
 * message and author (push) or the pull request (pull_request*) come from the event JSON at
 * GITHUB_EVENT_PATH. On pull requests GITHUB_REF_NAME is `<n>/merge`, so GITHUB_HEAD_REF wins.
 */
import type { CiFacts } from "../facts.ts";
import { count, text } from "../values.ts";
import type { EnvContext, EnvReader } from "./reader.ts";

export const github: EnvReader = {
  detect: (env) => env["GITHUB_ACTIONS"] === "true",
  read: (env, context) => {
    const server = text(env["GITHUB_SERVER_URL"])?.replace(/\/+$/, "");
    const repo = text(env["GITHUB_REPOSITORY"]);
    const runId = text(env["GITHUB_RUN_ID"]);
    const sha = text(env["GITHUB_SHA"]);
    const base = server && repo ? `${server}/${repo}` : undefined;
    return {
      provider: "github",
      pipeline: text(env["GITHUB_WORKFLOW"]),
      runId,
      runNumber: count(env["GITHUB_RUN_NUMBER"]),
      runUrl: base && runId ? `${base}/actions/runs/${runId}` : undefined,
      triggerUser: text(env["GITHUB_ACTOR"]),
      triggerEvent: text(env["GITHUB_EVENT_NAME"]),
      task: text(env["GITHUB_JOB"]),
      repo,
      branch: text(env["GITHUB_HEAD_REF"]) ?? text(env["GITHUB_REF_NAME"]),
      commitSha: sha,
      commitUrl: base && sha ? `${base}/commit/${sha}` : undefined,
      ...eventFacts(text(env["GITHUB_EVENT_PATH"]), context),
    };
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

/** Commit message/author (push) and pull request facts from the event JSON; nothing when unreadable. */
function eventFacts(path: string | undefined, context: EnvContext): CiFacts {
  if (path === undefined) return {};
  let event: unknown;
  try {
    const raw = context.readFile(path);
    if (raw === undefined) return {};
    event = JSON.parse(raw);
  } catch {
    return {};
  }
  const facts: CiFacts = {};
  const head = field(event, "head_commit");
  const message = text(field(head, "message"));
  if (message !== undefined) facts.commitMessage = message;
  const author = text(field(field(head, "author"), "name")) ?? text(field(field(head, "author"), "username"));
  if (author !== undefined) facts.commitAuthor = author;
  const pr = field(event, "pull_request");
  const number = count(field(pr, "number"));
  if (number !== undefined) {
    facts.pullRequestId = String(number);
    const title = text(field(pr, "title"));
    if (title !== undefined) facts.pullRequestTitle = title;
    const url = text(field(pr, "html_url"));
    if (url !== undefined) facts.pullRequestUrl = url;
  }
  return facts;
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
