/**
 * A failure whose every value is long Chinese text with emoji that must not be split: a 200-line log,
 * a 3000-times commit message, flags, families and skin tones. Shared by the channel tests that check a
 * message is fitted under each robot's byte limit and by the benchmark that times that fitting.
 */
import type { PipelineEvent } from "../../src/pipeline/event.ts";

/** Fills `e` (changed in place and returned) with long values built from `phrase`. */
export function hugeChinese(e: PipelineEvent, phrase = "流水线运行失败，请检查！"): PipelineEvent {
  const zh = phrase.repeat(40);
  e.pipeline.displayName = zh;
  e.task.name = `${zh}🇨🇳`;
  e.stage = { name: zh };
  e.source = {
    ...e.source!,
    branch: zh,
    commit: { ...e.source!.commit!, message: "👨‍👩‍👧修复（第一行）".repeat(3000) },
  };
  e.task.logTail = Array.from({ length: 200 }, (_, i) => `第 ${i} 行：${"错误👍🏻".repeat(60)}`).join("\n");
  return e;
}
