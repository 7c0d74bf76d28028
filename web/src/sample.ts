/** The sample PipelineEvent the live preview renders against: the shared one, named after the rule. */
import { sampleEvent as sharedSample } from "../../src/notify/sample.ts";
import type { PipelineEvent } from "../../src/pipeline/event.ts";
import type { Status } from "../../src/pipeline/status.ts";

const isPlainName = (s: string | undefined): s is string =>
  s !== undefined && s !== "" && !/[*?[\]{}]/.test(s);

/** The shared sample event for `status`, using the rule's first plain (non-pattern) pipeline and task names. */
export function sampleEvent(status: Status, pipeline?: string, task?: string): PipelineEvent {
  const event = sharedSample(status);
  if (isPlainName(pipeline)) {
    event.pipeline = { ...event.pipeline, name: pipeline };
    event.variables = { ...event.variables, GITEE_PIPELINE_NAME: pipeline };
  }
  if (isPlainName(task)) event.task = { ...event.task, name: task };
  return event;
}
