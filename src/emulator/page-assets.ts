/** The page's inline stylesheet and script (no external assets). */

export const PAGE_CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei","Segoe UI",Roboto,sans-serif;background:#f2f3f5;color:#1f2329;height:100vh;display:flex;flex-direction:column}
header{display:flex;align-items:center;gap:10px;padding:10px 16px;background:#0089ff;color:#fff}
header h1{font-size:17px;margin:0;flex:1}
header .live{font-size:12px;color:#b6f0c4}header .live.off{color:#ffb4a9}
header button{background:rgba(255,255,255,.18);color:#fff;border:0;border-radius:6px;padding:6px 12px;font-size:14px;cursor:pointer}
.tabs{display:flex;gap:4px;overflow-x:auto;background:#fff;border-bottom:1px solid #dee0e3;padding:0 8px;flex:none}
.tab{border:0;background:none;padding:10px 12px;font-size:14px;color:#646a73;cursor:pointer;white-space:nowrap;border-bottom:2px solid transparent}
.tab.active{color:#0089ff;border-bottom-color:#0089ff}
.tab.other{margin-left:auto;font-size:12px}
.badge{display:inline-block;min-width:18px;margin-left:4px;padding:0 5px;border-radius:9px;background:#f54a45;color:#fff;font-size:11px;line-height:18px;text-align:center}
.badge:empty{display:none}
main{flex:1;min-height:0;display:flex}
.pane{display:none;flex:1;flex-direction:column;min-height:0;max-width:820px;margin:0 auto}
.pane.active{display:flex}
.info{padding:8px 16px;font-size:12px;color:#8f959e;background:#f7f8fa;border-bottom:1px solid #eff0f1}
.info strong{color:#1f2329;font-size:13px;margin-right:6px}
.chat{flex:1;overflow-y:auto;padding:12px 12px 24px}
.empty{color:#8f959e;font-size:13px;text-align:center;padding:32px 8px}
.chat .row~.empty,.chat .rejected~.empty{display:none}
.row{display:flex;gap:8px;margin:14px 0;align-items:flex-start}
.avatar{flex:none;width:36px;height:36px;border-radius:50%;background:#3370ff;color:#fff;display:flex;align-items:center;justify-content:center;font-weight:600}
.col{min-width:0;flex:1;max-width:560px}
.who{font-size:12px;color:#8f959e;margin-bottom:4px}
.tag{display:inline-block;font-size:10px;line-height:14px;padding:0 4px;border-radius:3px;background:#e1eaff;color:#3370ff}
.rejected{margin:8px auto;text-align:center;font-size:12px;color:#8f959e;max-width:90%}
.rejected::before{content:"✕ not delivered · ";color:#f54a45}
@media (max-width:520px){.chat{padding:8px}.avatar{width:30px;height:30px;font-size:13px}header h1{font-size:15px}}
`;

export const PAGE_SCRIPT = `
(() => {
  const boot = JSON.parse(document.getElementById("boot").textContent);
  let { epoch, seq, robots } = boot;
  const panes = () => [...document.querySelectorAll(".pane")];
  const paneFor = (group) => panes().find((p) => p.dataset.group === group) || panes().find((p) => p.dataset.group === "");
  const tabFor = (group) => [...document.querySelectorAll(".tab")].find((t) => t.dataset.group === group);
  const localTimes = (root) => root.querySelectorAll("time").forEach((t) => { t.textContent = new Date(t.dateTime).toLocaleTimeString(); });
  const toBottom = (chat) => { chat.scrollTop = chat.scrollHeight; };
  document.querySelectorAll(".tab").forEach((tab) => tab.addEventListener("click", () => {
    document.querySelectorAll(".tab,.pane").forEach((el) => el.classList.toggle("active", el.dataset.group === tab.dataset.group));
    tab.querySelector(".badge").textContent = "";
    toBottom(paneFor(tab.dataset.group).querySelector(".chat"));
  }));
  document.getElementById("clear").addEventListener("click", async () => {
    await fetch("api/messages", { method: "DELETE" });
    poll();
  });
  localTimes(document);
  panes().forEach((p) => toBottom(p.querySelector(".chat")));
  const live = document.querySelector(".live");
  async function poll() {
    try {
      const res = await fetch("api/chat?since=" + seq, { cache: "no-store" });
      const update = await res.json();
      live.classList.remove("off");
      if (update.robots !== robots) return location.reload();
      if (update.epoch !== epoch) {
        document.querySelectorAll(".chat .row,.chat .rejected").forEach((el) => el.remove());
        document.querySelectorAll(".badge").forEach((b) => { b.textContent = ""; });
        epoch = update.epoch;
        seq = 0;
        return poll();
      }
      for (const entry of update.entries) {
        const pane = paneFor(entry.group);
        const chat = pane.querySelector(".chat");
        const atBottom = chat.scrollHeight - chat.scrollTop - chat.clientHeight < 80;
        const holder = document.createElement("div");
        holder.innerHTML = entry.html;
        const node = holder.firstElementChild;
        if (!node) continue;
        localTimes(node);
        const shown = entry.card ? [...chat.querySelectorAll(".row[data-card]")].find((el) => el.dataset.card === entry.card) : undefined;
        if (shown) {
          // A card changes in place: same bubble, same position, new content.
          shown.replaceWith(node);
          node.classList.add("flash");
          continue;
        }
        chat.appendChild(node);
        if (atBottom) toBottom(chat);
        if (!pane.classList.contains("active")) {
          const badge = tabFor(pane.dataset.group)?.querySelector(".badge");
          if (badge) badge.textContent = String(Number(badge.textContent || 0) + 1);
        }
      }
      seq = update.seq;
    } catch {
      live.classList.add("off");
    }
  }
  setInterval(poll, 1500);
})();
`;
