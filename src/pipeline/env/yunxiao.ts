/**
 * Alibaba Cloud DevOps Flow (Yunxiao). Built-in variables (内置变量):
 * https://help.aliyun.com/zh/yunxiao/user-guide/environment-variables
 *
 * Detection needs more than the generic PIPELINE_ID / PIPELINE_NAME any system may set: a numeric
 * PIPELINE_ID and BUILD_NUMBER, PIPELINE_NAME, Flow's BUILD_EXECUTOR and one more of Flow's own
 * basic variables (PROJECT_DIR, DATETIME in Flow's `2017-06-22-23-26-33` form, or a 13-digit
 * TIMESTAMP). `--ci yunxiao` forces it.
 *
 * Its variables name the pipeline, the run number, the executor (BUILD_EXECUTOR) and how the run
 * was started (BUILD_MESSAGE, e.g. "张三·页面手动触发"); there is no task name (use `--task`), no
 * run URL and no merge request: a run a merge request started reports its source branch and commit
 * like any other. CI_SOURCE_NAME is the code source's name, reported as the repository;
 * CI_COMMIT_TITLE is the last commit's message.
 */
import { count, text } from "../values.ts";
import type { EnvReader } from "./reader.ts";

export const yunxiao: EnvReader = {
  detect: (env) => {
    if (count(env["PIPELINE_ID"]) === undefined || count(env["BUILD_NUMBER"]) === undefined) return undefined;
    if (text(env["PIPELINE_NAME"]) === undefined || text(env["BUILD_EXECUTOR"]) === undefined)
      return undefined;
    const own =
      (text(env["PROJECT_DIR"]) !== undefined ? "PROJECT_DIR" : undefined) ??
      (/^\d{4}(-\d{2}){5}$/.test(env["DATETIME"] ?? "") ? "DATETIME" : undefined) ??
      (/^\d{13}$/.test(env["TIMESTAMP"] ?? "") ? "TIMESTAMP" : undefined);
    return own ? `PIPELINE_ID, PIPELINE_NAME, BUILD_NUMBER, BUILD_EXECUTOR and ${own} set` : undefined;
  },
  read: (env) => ({
    provider: "yunxiao",
    pipeline: text(env["PIPELINE_NAME"]),
    runNumber: count(env["BUILD_NUMBER"]),
    triggerUser: text(env["BUILD_EXECUTOR"]),
    triggerEvent: text(env["BUILD_MESSAGE"]),
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
    "CI_COMMIT_ID",
    "DATETIME",
    "TIMESTAMP",
  ],
  untrusted: ["BUILD_EXECUTOR", "BUILD_REMARK", "BUILD_MESSAGE", "CI_COMMIT_REF_NAME", "CI_COMMIT_TITLE"],
};
