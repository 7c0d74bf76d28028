/** What every GitHub webhook body shares: the repository, the sender, commit and pull request links. */
import { count, text } from "../values.ts";
import { asObject, firstObject, type JsonObject } from "./payload.ts";

export interface GithubRepo {
  /** `owner/name`. */
  repo?: string;
  /** `https://github.com/owner/name`. */
  repoUrl?: string;
}

export function repositoryOf(body: JsonObject): GithubRepo {
  const repository = asObject(body["repository"]);
  return { repo: text(repository?.["full_name"]), repoUrl: text(repository?.["html_url"]) };
}

/** The login of whoever caused the delivery. */
export function senderOf(body: JsonObject): string | undefined {
  return text(asObject(body["sender"])?.["login"]);
}

export function commitUrl(repoUrl: string | undefined, sha: string | undefined): string | undefined {
  return repoUrl && sha ? `${repoUrl}/commit/${sha}` : undefined;
}

/** The first pull request with a number: `{pullRequestId, pullRequestUrl}`. */
export function pullRequestOf(
  pullRequests: unknown,
  repoUrl: string | undefined,
): { pullRequestId?: string; pullRequestUrl?: string } {
  const pr = firstObject(pullRequests, (p) => count(p["number"]) !== undefined);
  if (!pr) return {};
  const id = String(count(pr["number"]));
  return { pullRequestId: id, pullRequestUrl: repoUrl ? `${repoUrl}/pull/${id}` : undefined };
}

/**
 * GitHub Actions reports its own jobs as check runs and suites of the `github-actions` app; dingpipe reads
 * those through workflow_job / workflow_run instead, so subscribing to both never sends a message twice.
 */
export function isGithubActionsApp(app: unknown): boolean {
  return text(asObject(app)?.["slug"]) === "github-actions";
}
