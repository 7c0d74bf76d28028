/**
 * 写进群里的中文用词。取自 Gitee 流水线和阿里云云效的通知：运行成功、运行失败、流水线、触发人、
 * 构建号、耗时、查看详情……键与 en.ts 完全一致。
 */
import type { MessageCatalog } from "./index.ts";

export const zhCN: MessageCatalog = {
  title: (p) => `${p.mark} ${p.pipeline} · ${p.task} ${p.status}`,
  titleRun: (p) => `${p.mark} ${p.pipeline} ${p.status}`,

  "status.started": "运行中",
  "status.success": "运行成功",
  "status.failure": "运行失败",
  "status.cancelled": "已取消",
  "status.skipped": "已跳过",
  "status.waiting": "等待中",
  "state.started": "运行中",
  "state.success": "运行成功",
  "state.failure": "运行失败",
  "state.cancelled": "已取消",
  "state.skipped": "已跳过",
  "state.waiting": "等待中",

  "transition.broken": "首次失败",
  "transition.fixed": "已修复",
  "transition.still_failing": "仍未修复",
  withTransition: (p) => `${p.status}（${p.transition}）`,

  "label.pipeline": "流水线",
  "label.build_number": "构建号",
  "label.stage": "阶段",
  "label.task": "任务",
  "label.status": "运行状态",
  "label.trigger_user": "触发人",
  "label.trigger_event": "触发方式",
  "label.repo": "代码仓库",
  "label.branch": "分支",
  "label.commit": "提交",
  "label.commit_message": "提交信息",
  "label.author": "提交人",
  "label.pull_request": "合并请求",
  "label.duration": "耗时",
  "label.started_at": "开始时间",
  "label.finished_at": "结束时间",
  "label.link": "链接",

  plainFact: (p) => `${p.label}：${p.value}`,

  viewRun: "查看详情",

  exitCode: "退出码",
  "output.heading": "输出的最后几行",
  "output.omitted": (p) => `…已截断（前面还有 ${p.lines} 行）`,

  truncated: "…已截断",

  noRunCard: "此事件没有运行 ID 或编号，无法更新运行卡片，故以消息发送。",

  "mentions.all": "@所有人",

  "digest.title": (p) => `dingpipe 汇总：${p.updates} 条更新${p.failing ? `（${p.failing} ❌）` : ""}`,
  "digest.on": (p) => `（分支 ${p.branch}）`,
  "digest.line": (p) => `${p.name}：${p.text}`,
  "digest.sep": "，",
  "digest.statusCount": (p) => `${p.status} ${p.count} 次`,
  "digest.last": "最近 ",
  "digest.earlier": (p) => ` · 之前：${p.states}`,
  "digest.count": (p) => `${p.count}× ${p.state}`,
  "digest.collapsed": (p) =>
    `${p.pipeline}：另有 ${p.tasks} 个任务的 ${p.updates} 条更新${p.failing ? `（${p.failing} ❌）` : ""}`,
  "digest.total": (p) =>
    `${p.pipelines} 条流水线、${p.tasks} 个任务共 ${p.updates} 条更新${p.failing ? `（${p.failing} ❌）` : ""}`,
  "digest.rest": (p) =>
    `另有 ${p.pipelines} 条流水线、${p.tasks} 个任务的 ${p.updates} 条更新${p.failing ? `（${p.failing} ❌）` : ""}`,
  "digest.zone": (p) => `时间均为 ${p.zone}`,

  "duration.hms": (p) => `${p.h}小时${p.m}分${p.s}秒`,
  "duration.ms": (p) => `${p.m}分${p.s}秒`,
  "duration.s": (p) => `${p.s}秒`,
  "duration.subSecond": "不到 1 秒",

  "card.running": "运行中",
  "card.waiting": "等待中",
  "card.success": "运行成功",
  "card.failure": "运行失败",
  "card.cancelled": "已取消",
  "card.openRun": "查看运行",
  "card.openPipeline": "查看流水线",
  "card.moreTasks": (p) => `… 还有 ${p.count} 个任务`,
  "card.trigger": "触发",
  "card.noTasks": "还没有任务上报。",

  testMessage: (p) => `dingpipe 测试消息：机器人“${p.robot}” ✅`,
  testTitle: (p) => `【测试】${p.pipeline}`,
};
