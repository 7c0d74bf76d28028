/**
 * Custom content and digest lines are DingTalk markdown (what users write, as Gitee and Alibaba
 * Cloud DevOps document it). Robots that draw another dialect convert it here: plain text for a
 * WeCom text message, lark_md for a Feishu card. Untrusted values were already neutralized by
 * compose (full-width look-alikes), so these conversions only touch the user's own markup.
 */

/** UTF-8 bytes of a string. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** DingTalk markdown as plain text: headings, emphasis and font tags dropped, links as "text url". */
export function markdownToText(md: string): string {
  return md
    .split("\n")
    .map((line) =>
      line
        .replace(/^#{1,6}[ \t]+/, "")
        .replace(/!\[[^\]]*\]\(\s*([^()\s]+)[^)]*\)/g, "$1")
        .replace(/\[([^\]]+)\]\(\s*([^()\s]+)[^)]*\)/g, (_m, text: string, url: string) =>
          text === url ? url : `${text} ${url}`,
        )
        .replace(/\*\*(?=\S)([^*]*?\S)\*\*/g, "$1")
        .replace(/<font[^>]*>([\s\S]*?)<\/font\s*>/gi, "$1")
        .replace(/[ ]{2,}$/, ""),
    )
    .join("\n");
}

/**
 * DingTalk markdown as Feishu's lark_md: headings become bold lines (lark_md has none), a quote's
 * `>` becomes a bar, hard line breaks ("  \n") plain ones. Bold, italics, links and lists carry over.
 */
export function markdownToLarkMd(md: string): string {
  return md
    .split("\n")
    .map((line) => {
      const heading = /^#{1,6}[ \t]+(.*)$/.exec(line);
      if (heading) return `**${(heading[1] ?? "").replace(/[ \t]+#+[ \t]*$/, "").trim()}**`;
      return line.replace(/^>[ \t]?/, "┃ ").replace(/[ ]{2,}$/, "");
    })
    .join("\n");
}
