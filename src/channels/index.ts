/**
 * The channels by robot kind. Everything that sends — the pipeline step, the delivery engine, the
 * credential test, the preview — asks `channelFor(kind)` and never branches on the kind itself.
 */
import type { Channel } from "./channel.ts";
import { dingtalkChannel } from "./dingtalk/index.ts";
import { dingtalkAppChannel } from "./dingtalk_app/index.ts";
import { feishuChannel } from "./feishu/index.ts";
import { type ChannelKind, DEFAULT_KIND } from "./kinds.ts";
import { wecomChannel } from "./wecom/index.ts";

export type {
  Channel,
  ChannelClient,
  ClientOptions,
  RateWindow,
  Rendered,
  RenderOptions,
  RobotCredential,
  SendResult,
} from "./channel.ts";
export type { ChannelKind, KindInfo } from "./kinds.ts";
export { CHANNEL_KINDS, DEFAULT_KIND, isChannelKind, KINDS, kindInfo } from "./kinds.ts";

export const CHANNELS: Readonly<Record<ChannelKind, Channel>> = {
  dingtalk: dingtalkChannel,
  wecom: wecomChannel,
  feishu: feishuChannel,
  dingtalk_app: dingtalkAppChannel,
};

/** The channel of a robot kind (a credential without a kind is a DingTalk webhook robot). */
export function channelFor(kind: ChannelKind | undefined): Channel {
  return CHANNELS[kind ?? DEFAULT_KIND];
}

/** Every official robot host: the service's allowlist defaults. */
export function officialHosts(): string[] {
  return Object.values(CHANNELS).flatMap((c) => [...c.info.hosts]);
}
