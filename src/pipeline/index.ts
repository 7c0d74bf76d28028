/** The pipeline module's public API: PipelineEvent, statuses, CI environment readers, webhook normalizers. */

export type { CiName, Detected, ReadOptions } from "./ci.ts";
export { CI_NAMES, detectCi, explainCi, readEnvironment, UNTRUSTED_VARIABLES } from "./ci.ts";
export { BadPayloadError, CiEnvironmentError } from "./errors.ts";
export type { PipelineEvent } from "./event.ts";
export { normalizeGitee } from "./hooks/gitee.ts";
export { normalizeGithub } from "./hooks/github.ts";
export { normalizeGitlab } from "./hooks/gitlab.ts";
export type { HookSource, NormalizedHook } from "./hooks/hook.ts";
export { HOOK_SOURCES } from "./hooks/hook.ts";
export {
  checkGiteeToken,
  GITEE_TIMESTAMP_TOLERANCE_MS,
  giteeSignature,
  verifyGithubSignature,
  verifySharedToken,
} from "./hooks/verify.ts";
export { normalizeYunxiao } from "./hooks/yunxiao.ts";
export type { Status } from "./status.ts";
export { STATUS_ALIASES, STATUSES, suggestStatus, toStatus } from "./status.ts";
