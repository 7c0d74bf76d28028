/**
 * `locale` and `timezone` — at the top of `.dingpipe.yml` (every notification's default) and per
 * notification — written canonically (`zh_cn` → zh-CN, `asia/shanghai` → Asia/Shanghai). What cannot be read
 * was refused by the declaration (src/contract/config.ts) with its did-you-mean and is not here.
 */
import type { MessageLocale } from "../notify/i18n/index.ts";
import { parseLocale, parseTimeZone } from "../notify/i18n/names.ts";
import type { Text } from "./shape.ts";

export interface Wording {
  locale?: MessageLocale;
  timezone?: string;
}

export function checkWording(raw: { locale?: Text | undefined; timezone?: Text | undefined }): Wording {
  const out: Wording = {};
  const locale = raw.locale ? parseLocale(raw.locale.value) : undefined;
  if (locale?.ok) out.locale = locale.value;
  const timezone = raw.timezone ? parseTimeZone(raw.timezone.value) : undefined;
  if (timezone?.ok) out.timezone = timezone.value;
  return out;
}
