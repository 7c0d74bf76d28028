/**
 * Eight hex digits that tell this process's names apart from another's: the end of the delivery
 * engine's lease owner (host:pid:tag, in case a process id is reused on a host) and the prefix of the
 * HTTP layer's request ids. Math.random, not node:crypto: the tag only has to differ, and an idle
 * service need not load node:crypto.
 */
export function randomTag(): string {
  return Math.floor(Math.random() * 0x1_0000_0000)
    .toString(16)
    .padStart(8, "0");
}
