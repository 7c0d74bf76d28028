/**
 * Alibaba Cloud DevOps Flow (Yunxiao). Its variables name the pipeline, the run number and the
 * executor; there is no task name (use `--task`) and no run URL. CI_SOURCE_NAME is the code
 * source's name, reported as the repository.
 */
import { count, text } from "../values.ts";
import type { EnvReader } from "./reader.ts";

export const yunxiao: EnvReader = {
  detect: (env) => text(env["PIPELINE_ID"]) !== undefined && text(env["PIPELINE_NAME"]) !== undefined,
  read: (env) => ({
    provider: "yunxiao",
    pipeline: text(env["PIPELINE_NAME"]),
    runNumber: count(env["BUILD_NUMBER"]),
    triggerUser: text(env["BUILD_EXECUTOR"]),
    repo: text(env["CI_SOURCE_NAME"]),
    branch: text(env["CI_COMMIT_REF_NAME"]),
    commitSha: text(env["CI_COMMIT_SHA"]),
    commitMessage: text(env["CI_COMMIT_TITLE"]),
  }),
  variables: [
    "PIPELINE_ID",
    "PIPELINE_NAME",
    "BUILD_NUMBER",
    "BUILD_EXECUTOR",
    "BUILD_REMARK",
    "BUILD_MESSAGE",
    "CI_SOURCE_NAME",
    "CI_COMMIT_REF_NAME",
    "CI_COMMIT_TITLE",
    "CI_COMMIT_SHA",
    "DATETIME",
    "TIMESTAMP",
  ],
  untrusted: ["BUILD_EXECUTOR", "BUILD_REMARK", "BUILD_MESSAGE", "CI_COMMIT_REF_NAME", "CI_COMMIT_TITLE"],
};
