/**
 * The service's words in the console's language. The API answers in English with stable codes
 * (`{ error: { code, message, fix, details } }`, DingTalk failures as `code` + errcode); in English
 * the console shows those words as they are, in Chinese it looks the code up here. What the code
 * alone cannot say (which robot, which field, how many seconds) comes from what the console was
 * doing (`ErrorContext`), the error's details, or the Retry-After header. A code not listed here
 * falls back to the service's English, marked as such.
 */
import { type ChannelKind, KINDS } from "../../../src/channels/kinds.ts";
import type { DingTalkErrorCode } from "../../../src/dingtalk/errors.ts";
import type { Locale } from "./index.ts";

/** What the console was doing when the error came: picks the wording of codes used by several routes. */
export type ErrorAction =
  | "signin"
  | "robot.load"
  | "robot.save"
  | "robot.delete"
  | "robot.test"
  | "notification.load"
  | "notification.save"
  | "notification.delete"
  | "notification.test"
  | "tokens"
  | "token.create"
  | "token.revoke"
  | "preview"
  | "deliveries"
  | "delivery.load"
  | "delivery.retry"
  | "events"
  | "event.load";

export interface ErrorContext {
  action?: ErrorAction;
  /** The robot, notification or delivery concerned. */
  name?: string;
}

/** What the API error carries (ApiError is one). */
export interface ServerError {
  status: number;
  code: string;
  message: string;
  fix?: string | undefined;
  details?: ReadonlyArray<{ path: string; message: string }>;
  retryAfter?: number | undefined;
}

export interface LocalizedError {
  message: string;
  fix?: string;
  /** `field`: the form field in words, when known (else show `path`); `original`: `message` is the service's English. */
  details: Array<{ path: string; field?: string; message: string; original: boolean }>;
  /** False when the console had no translation and shows the service's English. */
  translated: boolean;
}

type Zh = (e: ServerError, ctx: ErrorContext) => { message: string; fix?: string } | undefined;

const q = (s: string | undefined) => (s === undefined ? "" : `“${s}”`);
const seconds = (e: ServerError) => e.retryAfter ?? Number(/in (\d+) s\b/.exec(e.message)?.[1] ?? Number.NaN);
const inSeconds = (e: ServerError) => {
  const s = seconds(e);
  return Number.isFinite(s) ? `${s} 秒后` : "稍后";
};
/** The host named in the service's `--allow-host HOST` fix. */
const allowHost = (e: ServerError) => /--allow-host (\S+)/.exec(e.fix ?? "")?.[1];

const HOST_FIX = (e: ServerError) => {
  const host = allowHost(e);
  return `请使用 https://oapi.dingtalk.com 的 Webhook 地址${host ? `，或者用 --allow-host ${host} 启动服务` : "，或者用 --allow-host 允许这个主机后重启服务"}。`;
};

/** The API's own error codes (src/server), in Chinese. A test keeps this list complete. */
export const API_ZH: Record<string, Zh> = {
  unauthorized: (_e, ctx) =>
    ctx.action === "signin"
      ? {
          message: "这个 API 令牌无效。",
          fix: "请使用 dingpipe serve 首次启动时打印的管理员令牌（或 DINGPIPE_ADMIN_TOKEN），或者你创建的令牌。",
        }
      : { message: "登录已失效，请重新登录。" },
  not_found: (_e, ctx) => {
    switch (ctx.action) {
      case "robot.load":
      case "robot.save":
      case "robot.delete":
      case "robot.test":
        return { message: `没有名为${q(ctx.name)}的机器人，它可能已被删除。` };
      case "notification.load":
      case "notification.save":
      case "notification.delete":
      case "notification.test":
        return { message: "没有这条通知，它可能已被删除。" };
      case "delivery.load":
      case "delivery.retry":
        return { message: `没有编号为${q(ctx.name)}的发送记录。` };
      case "event.load":
        return { message: `没有编号为${q(ctx.name)}的事件。` };
      case "token.revoke":
        return { message: `没有名为${q(ctx.name)}的有效令牌，它可能已被吊销。` };
      default:
        return { message: "找不到请求的内容。" };
    }
  },
  conflict: (e, ctx) => {
    switch (ctx.action) {
      case "robot.save":
        return {
          message: `已经有名为${q(ctx.name)}的机器人。`,
          fix: "换一个名称，或者编辑已有的那个机器人。",
        };
      case "robot.delete":
        return {
          message: `机器人${q(ctx.name)}还在被 ${e.details?.length ?? 1} 条通知使用。`,
          fix: "先删除这些通知，或者让它们改用其他机器人。",
        };
      case "delivery.retry":
        return /awaiting its re-send/.test(e.message)
          ? {
              message: "这条记录在等待重发：发送它的工作进程在机器人回复之前停止了。",
              fix: "不用操作：有工作进程运行时（dingpipe serve 或 dingpipe worker）它会自动再发一次。",
            }
          : { message: "这条记录正在发送。", fix: "稍等片刻，等这次发送有了结果再试。" };
      case "token.create":
        return { message: `已经有名为${q(ctx.name)}的有效令牌。`, fix: "换一个名称，或者先吊销那个令牌。" };
      default:
        return { message: "这个操作与当前状态冲突。", fix: "刷新页面后再试。" };
    }
  },
  invalid: (_e, ctx) =>
    ctx.action === "preview"
      ? { message: "无法预览：通知里有需要修改的地方。" }
      : { message: "提交的内容有误。" },
  unprocessable: (e, ctx) => {
    if (ctx.action === "notification.save" || ctx.action === "preview")
      return {
        message: `机器人${q(/credential '([^']*)'/.exec(e.message)?.[1])}不存在。`,
        fix: "先添加这个机器人，或者选一个已有的机器人。",
      };
    if (ctx.action === "notification.test" && e.details?.some((d) => d.path === "credential"))
      return {
        message: `机器人${q(ctx.name)}不存在。`,
        fix: "先添加这个机器人，或者让通知改用已有的机器人。",
      };
    if (
      (ctx.action === "robot.test" || ctx.action === "notification.test") &&
      e.fix?.includes("--allow-host")
    )
      return { message: "服务不允许向这个机器人的 Webhook 主机发送消息。", fix: HOST_FIX(e) };
    return undefined;
  },
  host_not_allowed: (e) => ({ message: "服务不允许向这个 Webhook 主机发送消息。", fix: HOST_FIX(e) }),
  bad_webhook: () => ({
    message: "这个 Webhook 地址不可用。",
    fix: "请从群机器人设置中复制完整的 Webhook 地址（钉钉、企业微信、飞书各有自己的格式，见表单的说明）。",
  }),
  too_large: () => ({ message: "提交的内容太大。", fix: "请缩短自定义内容后再试。" }),
  unsupported_media_type: () => ({ message: "请求内容必须是 JSON。" }),
  method_not_allowed: () => ({ message: "服务不接受这个请求方式。" }),
  bad_signature: () => ({ message: "Webhook 签名与配置的密钥不符。" }),
  signature_missing: () => ({
    message: "Webhook 请求没有带签名或令牌。",
    fix: "在 CI 平台的 Webhook 设置中填写与服务相同的密钥。",
  }),
  stale_timestamp: () => ({
    message: "Webhook 的签名时间戳与服务器时间相差太多。",
    fix: "检查 CI 平台和本机的时钟（NTP），然后重新发送。",
  }),
  bad_payload: () => ({ message: "无法读取 Webhook 的内容。" }),
  hook_not_configured: () => ({
    message: "这个 CI 平台的 Webhook 没有配置密钥，不接收任何请求。",
    fix: "启动服务时设置该平台 Webhook 的密钥（与平台 Webhook 设置中的一致）。",
  }),
  rate_limited: (e) => ({
    message: "机器人在当前限流窗口内的发送条数已满。",
    fix: `请${inSeconds(e)}再发送测试消息；正常的发送记录也计入同一限额。`,
  }),
  robot_busy: () => ({
    message: "机器人正在发送消息。",
    fix: "稍等片刻，等它的队列发完再发送测试消息。",
  }),
  throttled: (e) => ({
    message: "钉钉对这个机器人限流了，发送已暂停。",
    fix: `请等暂停结束（${inSeconds(e)}）再试：现在发送只会延长钉钉的限流。`,
  }),
  internal: () => ({ message: "服务内部出错。", fix: "请查看服务的日志。" }),
  too_many_attempts: (e) => ({
    message: "这个地址发来的错误令牌太多，暂时不再验证。",
    fix: `请${inSeconds(e)}再用正确的令牌登录（已经登录的令牌不受影响）；令牌丢了可以在服务器上运行 dingpipe token create 新建一个。`,
  }),
  unexpected_host: () => ({
    message: "服务不接受这个主机名的请求。",
    fix: "请用 http://127.0.0.1:端口/ 或 localhost 打开；经反向代理或隧道访问时，用 --host-name 加上它的名称。",
  }),
  last_token: () => ({
    message: "这是最后一个有效的令牌，吊销后谁都无法登录。",
    fix: "先新建一个令牌并用它登录，再吊销这个。",
  }),
  database_unavailable: () => ({
    message: "服务的数据库出了问题，暂时不接收新的事件。",
    fix: "什么都没有保存：请稍后重试，并请管理员查看服务日志和 /readyz。",
  }),
  robot_fit: (e) => {
    const m =
      /^'([^']*)' in at cannot be mentioned: credential '([^']*)' is a (.+) robot, which cannot mention by (mobile number|open_id)/.exec(
        e.message,
      );
    if (m === null)
      return {
        message: "这个机器人做不到通知里要求的：运行卡片只有钉钉应用机器人能发。",
        fix: "改用类型为钉钉应用机器人（dingtalk_app）的机器人，或者把样式改成 Markdown。",
      };
    const byMobile = m[4] === "mobile number";
    return {
      message: `${q(m[1])}不会被 @：机器人${q(m[2])}不能按${byMobile ? "手机号" : " open_id"} @ 人。`,
      fix: byMobile ? "写成员的 open_id（ou_…）或 all。" : "写成员的手机号或 all。",
    };
  },
  shared_robot: (e) => ({
    message: `这个 Webhook 也是机器人${q(/credential '([^']*)'/.exec(e.message)?.[1])}的：它们共用这个机器人${sharedLimitZh(e.message)}的限额。`,
    fix: "用已有的那个机器人发送，或者换成另一个机器人的 Webhook。",
  }),
};

/** "limit of 20 messages a minute" → "每分钟 20 条"; "… 100 messages per 3600 s" → "每 3600 秒 100 条". */
function sharedLimitZh(message: string): string {
  const m = /limit of (\d+) messages (?:a minute|per (\d+) s)/.exec(message);
  if (m === null) return "";
  return m[2] === undefined ? `每分钟 ${m[1]} 条` : `每 ${m[2]} 秒 ${m[1]} 条`;
}

/** DingTalk's verdicts (src/dingtalk/errors.ts), as the service's reader needs them: what happened, what to change. */
export const DINGTALK_ZH: Record<DingTalkErrorCode, { summary: string; fix: (fix: string) => string }> = {
  system_busy: { summary: "钉钉系统繁忙", fix: () => "稍后再试（dingpipe 会自动退避重试）。" },
  missing_parameter: {
    summary: "钉钉说缺少参数",
    fix: () => "检查 Webhook 地址是否带有 access_token=…，以及消息体是否为 JSON。",
  },
  bad_content_type: {
    summary: "钉钉拒绝了请求的 Content-Type",
    fix: () => "以 application/json 发送（中间的转发服务可能改了 Content-Type）。",
  },
  keywords_missing: {
    summary: "消息里没有机器人的任何一个自定义关键词",
    fix: () =>
      "消息缺少机器人的自定义关键词：在机器人中添加一个（控制台 机器人 → 编辑，或 PUT /api/credentials/{name}），或者写进自定义内容。",
  },
  signature_mismatch: {
    summary: "钉钉拒绝了签名",
    fix: () =>
      "机器人开启了加签：在机器人中设置它的 SEC… 密钥（控制台 机器人 → 编辑，或 PUT /api/credentials/{name}）；如果已经设置，说明这不是这个机器人的密钥。",
  },
  timestamp_invalid: {
    summary: "钉钉拒绝了签名中的时间戳",
    fix: () => "本机时钟与钉钉相差超过一小时：校准本机时间（NTP）后再发送。",
  },
  ip_not_allowed: {
    summary: "本机 IP 不在机器人的 IP 白名单中",
    fix: (fix) => {
      const ip = /IP ([0-9a-fA-F.:]+):/.exec(fix)?.[1];
      return `${ip ? `钉钉看到的本机 IP 是 ${ip}` : "钉钉没有接受本机的 IP"}：请把它加入机器人的 IP 白名单（注意 IPv6 出口）。`;
    },
  },
  security_check_failed: {
    summary: "钉钉的安全校验没有通过",
    fix: () => "对照机器人的安全设置（自定义关键词、加签、IP 白名单）检查 dingpipe 发送的内容。",
  },
  robot_not_found: {
    summary: "没有机器人使用这个 access_token",
    fix: () =>
      "从群机器人设置中重新复制 Webhook 地址，粘贴到机器人中：控制台 机器人 → 编辑，或 PUT /api/credentials/{name}。",
  },
  group_dissolved: {
    summary: "机器人所在的群已解散",
    fix: () => "在一个存在的群里添加机器人，并使用它的 Webhook。",
  },
  robot_disabled: { summary: "机器人已被停用", fix: () => "在群机器人设置中重新启用这个机器人。" },
  unsupported_message_type: {
    summary: "钉钉不支持这种消息类型",
    fix: () => "使用 text、markdown、link、actionCard、feedCard 之一（msgtype 区分大小写）。",
  },
  throttled: {
    summary: "钉钉对机器人限流了（一分钟内超过 20 条）",
    fix: () => "等 10 分钟后再通过这个机器人发送，并减少消息条数（把事件合并成一条汇总）。",
  },
  unsafe_content: { summary: "钉钉认为消息内容不安全", fix: () => "删除或修改被标记的链接、文字或图片。" },
  message_too_long: {
    summary: "消息超过了钉钉 20,000 字节的限制",
    fix: () => "缩短消息（少合并一些事件，去掉过长的输出）。",
  },
  server_error: { summary: "钉钉服务端出错", fix: () => "稍后再试（dingpipe 会自动退避重试）。" },
  unknown_errcode: {
    summary: "钉钉返回了 dingpipe 不认识的 errcode",
    fix: () => "在钉钉机器人的错误码文档中查找这个 errcode。",
  },
  network_error: {
    summary: "连不上 Webhook 地址",
    fix: () => "检查 Webhook 主机、DNS、网络以及 HTTPS_PROXY / NO_PROXY。",
  },
  timeout: { summary: "钉钉没有及时应答", fix: () => "检查到钉钉的网络（或 HTTPS_PROXY）。" },
  http_error: {
    summary: "Webhook 地址返回了非 200 的 HTTP 状态",
    fix: (fix) =>
      fix.includes("try again later")
        ? "这个地址或中间的转发服务出错了：稍后再试。"
        : "检查机器人的 Webhook 地址：这不是钉钉机器人的地址（或者被中间的转发服务拒绝了）。",
  },
};

/** Other codes a stored delivery error can start with ("code: message"), with their fixes. */
const DELIVERY_ZH: Record<string, { summary: string; fix: (fix: string) => string }> = {
  compose_failed: { summary: "生成消息失败", fix: () => "检查这条通知的设置和自定义内容，然后重试。" },
  invalid_robot: {
    summary: "机器人的设置无效",
    fix: () => "在控制台 机器人 → 编辑 中检查 Webhook 地址和加签密钥，然后重试。",
  },
  host_not_allowed: {
    summary: "服务不允许向这个 Webhook 主机发送消息",
    fix: (fix) => HOST_FIX({ status: 0, code: "", message: "", fix }),
  },
  bad_webhook: {
    summary: "这个 Webhook 地址不可用",
    fix: () => "从群机器人设置中复制完整的 Webhook 地址，在控制台 机器人 → 编辑 中填入。",
  },
  unseal_failed: {
    summary: "无法解密已保存的机器人",
    fix: () =>
      "每个 dingpipe 进程都要用保存机器人时的同一个密钥启动（DINGPIPE_SECRET_KEY 或 <data-dir>/secret.key）。",
  },
};

const GIVE_UP_FIX_ZH = "这个机器人一直发送失败；请检查机器人和网络，然后在控制台或通过 API 重试这条记录。";

type Verdicts = Record<string, { summary: string; fix: (fix: string) => string }>;

/** WeCom's verdicts (src/channels/wecom/errors.ts). */
const WECOM_ZH: Verdicts = {
  webhook_invalid: {
    summary: "企业微信不认识这个 Webhook 地址（93000）",
    fix: () =>
      "粘贴完整的 Webhook 地址，或只粘贴其中的 key：从群机器人设置中重新复制（控制台 机器人 → 编辑）。",
  },
  throttled: {
    summary: "企业微信对机器人限流了（一分钟内超过 20 条）",
    fix: () => "等一分钟后再通过这个机器人发送，并减少消息条数（把事件合并成一条汇总）。",
  },
  unsupported_message_type: {
    summary: "企业微信不支持这种消息类型",
    fix: () => "使用 text 或 markdown 消息。",
  },
  message_too_long: {
    summary: "消息超过了企业微信的长度限制（Markdown 4,096 字节，文本 2,048 字节）",
    fix: () => "缩短自定义内容，或去掉过长的输出。",
  },
  system_busy: { summary: "企业微信系统繁忙", fix: () => "稍后再试（dingpipe 会自动退避重试）。" },
  unknown_errcode: {
    summary: "企业微信返回了 dingpipe 不认识的 errcode",
    fix: () => "在企业微信的全局错误码文档中查找这个 errcode。",
  },
  network_error: DINGTALK_ZH.network_error,
  timeout: { summary: "企业微信没有及时应答", fix: () => "检查到企业微信的网络（或 HTTPS_PROXY）。" },
  http_error: {
    summary: "Webhook 地址返回了非 200 的 HTTP 状态",
    fix: (fix) =>
      fix.includes("try again later")
        ? "这个地址或中间的转发服务出错了：稍后再试。"
        : "检查机器人的 Webhook 地址：这不是企业微信机器人的地址（或者被中间的转发服务拒绝了）。",
  },
};

/** Feishu's verdicts (src/channels/feishu/errors.ts). */
const FEISHU_ZH: Verdicts = {
  signature_mismatch: {
    summary: "飞书拒绝了签名或其时间戳（19021）",
    fix: () =>
      "机器人开启了签名校验：在机器人中设置它的签名密钥（控制台 机器人 → 编辑）；如果已经设置，说明不是这个机器人的密钥，或者本机时钟相差超过一小时（用 NTP 校准）。",
  },
  ip_not_allowed: {
    summary: "本机 IP 不在机器人的 IP 白名单中（19022）",
    fix: () => "把本机的公网 IP 加入机器人安全设置的 IP 白名单，或者取消白名单。",
  },
  keywords_missing: {
    summary: "消息文本里没有机器人的任何一个自定义关键词（19024）",
    fix: () =>
      "在机器人中添加一个关键词（控制台 机器人 → 编辑），或者写进自定义内容；飞书只检查文本，不检查链接。",
  },
  throttled: {
    summary: "飞书对机器人限流了（每分钟超过 100 条或每秒超过 5 条）",
    fix: () => "等一分钟后再通过这个机器人发送，并减少消息条数（把事件合并成一条汇总）。",
  },
  bad_request: {
    summary: "飞书无法读取这条消息（9499：格式有误或超过 20 KB）",
    fix: () => "缩短自定义内容；如果仍然出现，请用 dingpipe preview 查看消息体并报告问题。",
  },
  robot_not_found: {
    summary: "没有飞书机器人使用这个 Webhook 地址",
    fix: () => "从群机器人设置中重新复制 Webhook 地址，在控制台 机器人 → 编辑 中填入。",
  },
  unknown_errcode: {
    summary: "飞书返回了 dingpipe 不认识的错误码",
    fix: () => "在飞书自定义机器人的使用指南中查找这个错误码。",
  },
  network_error: DINGTALK_ZH.network_error,
  timeout: { summary: "飞书没有及时应答", fix: () => "检查到飞书的网络（或 HTTPS_PROXY）。" },
  http_error: {
    summary: "Webhook 地址返回了 HTTP 错误",
    fix: (fix) =>
      fix.includes("try again later")
        ? "这个地址或中间的转发服务出错了：稍后再试。"
        : "检查机器人的 Webhook 地址：这不是飞书机器人的地址（或者被中间的转发服务拒绝了）。",
  },
};

/** The DingTalk app robot's verdicts (src/dingtalk-app/errors.ts). */
const DINGTALK_APP_ZH: Verdicts = {
  invalid_app_robot: {
    summary: "应用机器人的配置不完整",
    fix: () => "在控制台 机器人 → 编辑 中填写 AppKey、AppSecret、RobotCode 和群的 openConversationId。",
  },
  bad_app_robot: {
    summary: "应用机器人的配置不完整",
    fix: () => "在控制台 机器人 → 编辑 中填写 AppKey、AppSecret、RobotCode 和群的 openConversationId。",
  },
  invalid_app_credentials: {
    summary: "钉钉拒绝了应用的 AppKey 或 AppSecret",
    fix: () =>
      "从开发者后台（应用 → 凭证与基础信息）重新复制 AppKey 和 AppSecret，在控制台 机器人 → 编辑 中填入。",
  },
  token_rejected: {
    summary: "钉钉拒绝了新获取的 accessToken",
    fix: () => "确认 AppKey 与 AppSecret 属于拥有这个机器人的应用。",
  },
  robot_not_owned: {
    summary: "这个 RobotCode 不属于该应用",
    fix: () =>
      "使用该应用自己的机器人的 RobotCode（开发者后台 → 应用 → 机器人），或者换成拥有它的应用的 AppKey/AppSecret。",
  },
  robot_not_found: {
    summary: "钉钉找不到这个机器人，或者它不在这个群里",
    fix: () => "检查 RobotCode（不是 AgentId）、机器人能力是否已随新版本发布，以及机器人是否已加入该群。",
  },
  robot_stopped: {
    summary: "应用机器人已停用",
    fix: () => "在开发者后台（应用 → 机器人）重新启用机器人并发布应用版本。",
  },
  no_send_permission: {
    summary: "应用没有发送群消息的权限",
    fix: () => "在开发者后台（应用 → 权限管理）为应用开通 qyapi_robot_sendmsg 权限并发布新版本。",
  },
  invalid_message: {
    summary: "钉钉无法读取这条消息",
    fix: () => "如果消息由 dingpipe 生成，请报告问题。",
  },
  message_too_long: {
    summary: "消息超过了钉钉的 15,000 字节限制",
    fix: () => "缩短自定义内容，或去掉过长的输出。",
  },
  invalid_card: {
    summary: "钉钉无法读取这张卡片",
    fix: () => "如果卡片由 dingpipe 生成，请报告问题。",
  },
  card_not_found: {
    summary: "钉钉不认识这张卡片",
    fix: () => "dingpipe 会重新发送这张卡片。",
  },
  throttled: {
    summary: "应用的调用超过了钉钉的每秒限制",
    fix: () => "dingpipe 会等一秒后重试；减少同时发送的消息。",
  },
  quota_exhausted: {
    summary: "应用本月的调用次数已用完",
    fix: () => "等到下个月，或升级钉钉套餐提高额度；运行卡片会合并更新以减少调用。",
  },
  server_error: { summary: "钉钉服务出错", fix: () => "稍后再试（dingpipe 会自动退避重试）。" },
  unknown_error: {
    summary: "钉钉返回了 dingpipe 不认识的错误码",
    fix: () => "在钉钉开放平台的错误码文档中查找这个错误码。",
  },
  network_error: DINGTALK_ZH.network_error,
  timeout: { summary: "钉钉没有及时应答", fix: () => "检查到 api.dingtalk.com 的网络（或 HTTPS_PROXY）。" },
  http_error: {
    summary: "钉钉接口返回了 HTTP 错误",
    fix: () => "检查应用机器人的 baseUrl：它应指向 https://api.dingtalk.com。",
  },
};

/** Each robot kind's verdicts in Chinese: the same codes mean each service's own limits and fixes. */
const VERDICTS_ZH: Record<ChannelKind, Verdicts> = {
  dingtalk: DINGTALK_ZH,
  wecom: WECOM_ZH,
  feishu: FEISHU_ZH,
  dingtalk_app: DINGTALK_APP_ZH,
};

/** The form field a detail's path names ("notification.at[1]" → "@ 手机号（第 2 项）"). */
const FIELD_ZH: Record<string, string> = {
  name: "名称",
  webhook: "Webhook 地址",
  secret: "加签密钥",
  keywords: "自定义关键词",
  rateLimit: "频率限制",
  appKey: "AppKey（Client ID）",
  appSecret: "AppSecret",
  robotCode: "RobotCode",
  conversationId: "群的 openConversationId",
  baseUrl: "接口地址",
  "rateLimit.messages": "消息条数",
  "rateLimit.perSeconds": "时间窗口（秒）",
  credential: "机器人",
  pipelines: "流水线",
  tasks: "任务",
  events: "触发状态",
  content: "消息内容",
  custom: "自定义内容",
  at: "@ 提醒",
  style: "消息样式",
  locale: "消息语言",
  timezone: "时区",
  type: "机器人类型",
  enabled: "启用",
  notification: "通知",
};

export function fieldZh(path: string): string | undefined {
  const m = /^(?:notification\.)?([A-Za-z.]+?)(?:\[(\d+)\])?$/.exec(path);
  if (!m) return undefined;
  const label = FIELD_ZH[m[1]!];
  if (label === undefined) return undefined;
  return m[2] === undefined ? label : `${label}（第 ${Number(m[2]) + 1} 项）`;
}

/** The service's validation sentences (src/server/validate.ts) the console's forms can cause. */
const DETAIL_ZH: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^is required: one or more of /, () => "至少选择一个"],
  [/^must name at least one event/, () => "至少选择一个触发状态"],
  [/^is required$/, () => "必填"],
  // The declaration's words (src/contract/config.ts), the same as `.dingpipe.yml` diagnostics.
  [/^is empty: it would never send/, () => "至少选择一个触发状态"],
  [
    /^is empty: it selects no (pipeline|task)/,
    (m) => `为空：选不到任何${m[1] === "task" ? "任务" : "流水线"}（不填表示全部）`,
  ],
  [/^is empty$/, () => "不能为空"],
  [/^is (\d+) characters long \(at most (\d+)\)$/, (m) => `最多 ${m[2]} 个字符（现在 ${m[1]} 个）`],
  [/^spans several lines$/, () => "不能换行"],
  [
    /^unknown (event|content item|style) '(.*?)'(?: — did you mean '(.*)'\?)?$/,
    (m) =>
      `未知的${{ event: "触发状态", "content item": "消息内容项", style: "消息样式" }[m[1]!]}“${m[2]}”${m[3] ? `，是不是“${m[3]}”？` : ""}`,
  ],
  [/^is '(.*?)'(?: — did you mean '(.*)'\?)?$/, (m) => `不认识“${m[1]}”${m[2] ? `，是不是“${m[2]}”？` : ""}`],
  [
    /^unknown field '(.*?)'(?: — did you mean '(.*)'\?)?$/,
    (m) => `未知字段“${m[1]}”${m[2] ? `，是不是“${m[2]}”？` : ""}`,
  ],
  [/^must not be empty/, () => "不能为空"],
  [/^must be a non-empty string$/, () => "不能为空"],
  [/^must be a string$/, () => "必须是文本"],
  [/^must be at most (\d+) characters$/, (m) => `最多 ${m[1]} 个字符`],
  [/^must not contain '\/', '\\', '\?', '#' or control characters$/, () => "不能包含 /、\\、?、# 或控制字符"],
  [/^must not start or end with spaces$/, () => "开头和结尾不能有空格"],
  [/^cannot be changed/, () => "不能修改（请新建一个机器人）"],
  // A robot kind's rules (src/contract/credential-rules.ts), as `.dingpipe.yml` says them too.
  [
    /^are (\d+): an? (.+?) takes at most (\d+)$/,
    (m) => `${robotZh(m[2]!)}最多设置 ${m[3]} 个关键词（现在 ${m[1]} 个）`,
  ],
  [/^is not taken by an? (.+)$/, (m) => `${robotZh(m[1]!)}没有这一项：请删除`],
  [/^must not contain spaces$/, () => "不能包含空格"],
  [/^cannot be removed: an app robot needs/, () => "不能删除：应用机器人需要应用的 AppSecret"],
  [/^is not a URL$/, () => "不是一个网址"],
  [/^is not an http\(s\) URL$/, () => "必须是 http:// 或 https:// 地址"],
  [/^has a query, fragment or user$/, () => "只填写地址本身（不带查询参数、# 片段或用户名）"],
  [
    /^must be one of dingtalk, wecom, feishu/,
    () => "必须是 dingtalk（钉钉）、wecom（企业微信）或 feishu（飞书）",
  ],
  [/^the webhook is not a URL$/, () => "Webhook 地址不是一个网址"],
  [/^the webhook has no access_token parameter$/, () => "Webhook 地址里没有 access_token 参数"],
  [
    /^the webhook's access_token holds characters no DingTalk token has/,
    () => "access_token 里有钉钉令牌不会有的字符（是不是占位符？）",
  ],
  [/^the WeCom webhook is neither a URL nor a key$/, () => "企业微信 Webhook 既不是网址也不是 key"],
  [/^the WeCom webhook uses .*, not https:$/, () => "企业微信 Webhook 必须是 https:// 地址"],
  [/^the WeCom webhook has no key parameter$/, () => "企业微信 Webhook 地址里没有 key 参数"],
  [/^the WeCom webhook's key holds characters/, () => "key 里有企业微信 key 不会有的字符（是不是占位符？）"],
  [/^the Feishu webhook is a hook token alone/, () => "这只是飞书的 hook token，请填写完整的 Webhook 地址"],
  [/^the Feishu webhook is not a URL$/, () => "飞书 Webhook 地址不是一个网址"],
  [/^the Feishu webhook uses .*, not https:$/, () => "飞书 Webhook 必须是 https:// 地址"],
  [/^the Feishu webhook's path is not /, () => "飞书 Webhook 的路径不是 /open-apis/bot/v2/hook/<token>"],
  [
    /^must be a whole number of seconds from (\d+) to (\d+)$/,
    (m) => `必须是 ${m[1]} 到 ${m[2]} 之间的整数秒`,
  ],
  [/^must be a whole number from (\d+) to (\d+)$/, (m) => `必须是 ${m[1]} 到 ${m[2]} 之间的整数`],
  [
    /^'(.*)' is not a mobile number, a \$\{VAR\} reference or 'all'$/,
    (m) => `“${m[1]}”不是手机号、\${VAR} 变量引用，也不是 all`,
  ],
  [
    /^'(.*)' is not a mobile number, a Feishu open_id \(ou_…\), a \$\{VAR\} reference or 'all'$/,
    (m) => `“${m[1]}”不是手机号、飞书 open_id（ou_…）、\${VAR} 变量引用，也不是 all`,
  ],
  [
    /^unknown locale '(.*)'(?: — did you mean '(.*)'\?)?/,
    (m) => `未知的消息语言“${m[1]}”${m[2] ? `，是不是“${m[2]}”？` : ""}（可选 zh-CN 中文或 en 英文）`,
  ],
  [
    /^unknown time zone '(.*)'(?: — did you mean '(.*)'\?)?/,
    (m) =>
      `未知的时区“${m[1]}”${m[2] ? `，是不是“${m[2]}”？` : ""}（请填写 IANA 时区名，例如 Asia/Shanghai）`,
  ],
  [
    /^'(.*)' is not an IANA time zone name(?: — did you mean '(.*)'\?)?/,
    (m) =>
      `“${m[1]}”不是 IANA 时区名${m[2] ? `，是不是“${m[2]}”？` : ""}（缩写如 CST 有歧义，请写 Asia/Shanghai 这样的名字）`,
  ],
  [
    /^'(.*)' is not a (?:credential|token) name: use /,
    (m) => `“${m[1]}”不能用作名称：请用 1 到 64 个字符，可以是任何文字的字母、数字和 . _ -，不能只有点`,
  ],
  [/^'admin-env…' is kept for /, () => "“admin-env…”留给 DINGPIPE_ADMIN_TOKEN 的令牌"],
  [
    /^is not a DingTalk signing secret: those start with SEC$/,
    () => "不是钉钉的加签密钥：加签密钥以 SEC 开头",
  ],
  [/^must be true or false/, () => "必须是 true 或 false"],
  [
    /^must be one of started, success, failure/,
    () => "必须是 started、success、failure、cancelled、skipped 或 waiting",
  ],
  [
    /^unknown field '.*' \(PATCH changes enabled and name/,
    () => "未知字段：PATCH 只能修改 enabled 和 name（替换整条通知请用 PUT）",
  ],
  [/^no such credential$/, () => "没有这个机器人"],
  [/^uses this credential$/, () => "使用了这个机器人"],
];

/** "DingTalk robot", "DingTalk app robot" (src/contract/credential-rules.ts robotOf) in Chinese. */
function robotZh(robot: string): string {
  const kind = Object.values(KINDS).find((k) => robot === k.label || robot === `${k.label} robot`);
  const name = kind?.words["zh-CN"].name ?? robot;
  return name.endsWith("机器人") ? name : `${name}机器人`;
}

export function detailZh(message: string): string | undefined {
  for (const [re, make] of DETAIL_ZH) {
    const m = re.exec(message);
    if (m) return make(m);
  }
  return undefined;
}

/** An API error in the console's language. */
export function localizeError(e: ServerError, locale: Locale, ctx: ErrorContext = {}): LocalizedError {
  const details = (e.details ?? []).map((d) => ({ path: d.path, message: d.message, original: true }));
  if (locale === "en") {
    return { message: e.message, ...(e.fix ? { fix: e.fix } : {}), details, translated: true };
  }
  const zh = API_ZH[e.code]?.(e, ctx);
  const zhDetails = (e.details ?? []).map((d) => {
    const field = fieldZh(d.path);
    const message = detailZh(d.message);
    return {
      path: d.path,
      ...(field === undefined ? {} : { field }),
      message: message ?? d.message,
      original: message === undefined,
    };
  });
  if (!zh)
    return { message: e.message, ...(e.fix ? { fix: e.fix } : {}), details: zhDetails, translated: false };
  return { message: zh.message, ...(zh.fix ? { fix: zh.fix } : {}), details: zhDetails, translated: true };
}

/** A robot's failure (robot test, delivery attempt) in the console's language: what happened and the fix. */
export function dingTalkZh(
  code: string | undefined,
  fix: string | undefined,
  kind: ChannelKind = "dingtalk",
) {
  const entry = code === undefined ? undefined : VERDICTS_ZH[kind][code];
  if (!entry) return undefined;
  return { summary: entry.summary, fix: entry.fix(fix ?? "") };
}

/**
 * A stored delivery error ("code: message", or "gave up after 5 attempts: code: message") in Chinese:
 * undefined when its code is unknown (the console then shows the stored English).
 */
export function deliveryErrorZh(
  lastError: string,
  fix: string | undefined,
  kind: ChannelKind = "dingtalk",
): { message: string; fix?: string } | undefined {
  const m = /^(?:gave up after (\d+) attempts: )?([a-z_]+): /.exec(lastError);
  if (!m) return undefined;
  const code = m[2]!;
  const known = VERDICTS_ZH[kind][code] ?? DELIVERY_ZH[code];
  if (known === undefined) return undefined;
  if (m[1] !== undefined)
    return { message: `尝试 ${m[1]} 次后放弃：${known.summary}。`, fix: GIVE_UP_FIX_ZH };
  return { message: `${known.summary}。`, ...(fix === undefined ? {} : { fix: known.fix(fix) }) };
}
