/**
 * Composing and rendering messages, in-process: the same failure worded in Chinese and in English, and a
 * huge Chinese failure (every value long CJK text with emoji, a 200-line log, long custom content) that
 * each channel must fit under its limit — UTF-8 bytes, cut between graphemes (Intl.Segmenter). The floor
 * is the English message that fits as composed. Prints a markdown section for bench/RESULTS.md.
 *
 *   npm run bench:messages
 */
import { channelFor } from "../src/channels/index.ts";
import type { ChannelKind } from "../src/channels/kinds.ts";
import { compose } from "../src/notify/compose.ts";
import { CONTENT_ITEMS, type NotificationRule } from "../src/notify/rule.ts";
import { sampleEvent } from "../src/notify/sample.ts";
import type { PipelineEvent } from "../src/pipeline/event.ts";
import { hugeChinese } from "../test/helpers/huge-event.ts";
import { interleave, machine, median, ratioRows } from "./common.ts";

const ROUNDS = Number(process.env["ROUNDS"] ?? 15);
const CALLS = Number(process.env["CALLS"] ?? 100);

const rule = (over: Partial<NotificationRule> = {}): NotificationRule => ({
  credential: "bench",
  timezone: "Asia/Shanghai",
  events: ["failure"],
  content: [...CONTENT_ITEMS],
  at: ["13800000000"],
  ...over,
});

function huge(): PipelineEvent {
  return hugeChinese(sampleEvent("failure"), "流水线运行失败，请检查！🚀");
}

const small = sampleEvent("failure");
const big = huge();
const custom = `# 说明\n${"自定义内容！".repeat(3000)}`;

/** ms for CALLS compose + render calls. */
const timed = (kind: ChannelKind, r: NotificationRule, e: PipelineEvent) => async () => {
  const channel = channelFor(kind);
  const start = performance.now();
  for (let i = 0; i < CALLS; i++) channel.render(compose(r, e), { keywords: ["CI"], signed: true });
  return performance.now() - start;
};

const contenders: Record<string, () => Promise<number>> = {
  "dingtalk, en, fits (floor)": timed("dingtalk", rule({ locale: "en" }), small),
  "dingtalk, zh-CN, fits": timed("dingtalk", rule(), small),
  "wecom, zh-CN, fits": timed("wecom", rule(), small),
  "feishu, zh-CN, fits": timed("feishu", rule(), small),
  "dingtalk, en, huge CJK fitted": timed("dingtalk", rule({ locale: "en", custom }), big),
  "dingtalk, zh-CN, huge CJK fitted": timed("dingtalk", rule({ custom }), big),
  "wecom, zh-CN, huge CJK fitted": timed("wecom", rule({ custom }), big),
  "feishu, zh-CN, huge CJK fitted": timed("feishu", rule({ custom }), big),
};

const samples = await interleave(contenders, ROUNDS);
const perCall = Object.fromEntries(Object.entries(samples).map(([n, xs]) => [n, xs.map((x) => x / CALLS)]));
const floor = "dingtalk, en, fits (floor)";
process.stdout.write(
  [
    `### ${new Date().toISOString().slice(0, 10)} — ${ROUNDS} rounds of ${CALLS} calls each, interleaved`,
    "",
    `Machine: ${machine()}.`,
    "",
    "| compose + render | median ms per message | p90 ms | vs floor |",
    "|---|---:|---:|---:|",
    ...ratioRows(perCall, floor).map((row) => row.replace(/\| (\d+\.\d)(\d*) \|/g, "| $1$2 |")),
    "",
    `Floor: ${median(perCall[floor]!).toFixed(3)} ms per message.`,
    "",
  ].join("\n"),
);
