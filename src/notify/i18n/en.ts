/**
 * The words dingpipe writes into a chat group, in English: today's wording (plurals made right), so that
 * `locale: en` keeps messages as they are when composition takes its words from here. The reference
 * catalogue: every other locale has exactly these keys (types and a unit test check it).
 */
const s = (n: number, one: string, other: string) => `${n} ${n === 1 ? one : other}`;

export const en = {
  // "❌ web-release · unit-tests failed": the chat-list title and the message's heading.
  title: (p: { mark: string; pipeline: string; task: string; status: string }) =>
    `${p.mark} ${p.pipeline} · ${p.task} ${p.status}`,
  // A whole pipeline run (its task is the pipeline): named once, "❌ CI failed".
  titleRun: (p: { mark: string; pipeline: string; status: string }) => `${p.mark} ${p.pipeline} ${p.status}`,

  // The status word of a title.
  "status.started": "started",
  "status.success": "succeeded",
  "status.failure": "failed",
  "status.cancelled": "cancelled",
  "status.skipped": "skipped",
  "status.waiting": "waiting",
  // The status as the `status` item and digest lines show it, after its mark.
  "state.started": "started",
  "state.success": "success",
  "state.failure": "failure",
  "state.cancelled": "cancelled",
  "state.skipped": "skipped",
  "state.waiting": "waiting",

  // What the event means in the task's history (dingpipe serve derives it), after the title's status:
  // "❌ web-release · deploy failed (still failing)".
  "transition.broken": "newly failing",
  "transition.fixed": "fixed",
  "transition.still_failing": "still failing",
  withTransition: (p: { status: string; transition: string }) => `${p.status} (${p.transition})`,

  // Content item labels ("- **Branch** main"): one per content item, named like it.
  "label.pipeline": "Pipeline",
  "label.build_number": "Run",
  "label.stage": "Stage",
  "label.task": "Task",
  "label.status": "Status",
  "label.trigger_user": "Triggered by",
  "label.trigger_event": "Trigger",
  "label.repo": "Repository",
  "label.branch": "Branch",
  "label.commit": "Commit",
  "label.commit_message": "Message",
  "label.author": "Author",
  "label.pull_request": "Pull request",
  "label.duration": "Duration",
  "label.started_at": "Started",
  "label.finished_at": "Finished",
  "label.link": "Link",

  // A fact in a plain-text message (WeCom text): "Branch: main".
  plainFact: (p: { label: string; value: string }) => `${p.label}: ${p.value}`,

  // The link to the run (the `link` item, the action card's button, digest lines without a number).
  viewRun: "View run",

  // A failed command wrapped by `dingpipe run`: its exit code and the tail of its output.
  exitCode: "Exit code",
  "output.heading": "Last lines of output",
  // The first line of a log tail that leaves lines out: "…truncated (12 earlier lines)".
  "output.omitted": (p: { lines: number }) => `…truncated (${s(p.lines, "earlier line", "earlier lines")})`,

  // Fitting a message under DingTalk's limit marks each cut.
  truncated: "…truncated",

  // A run_card notification's event without a run id or number: it goes out as a message saying why.
  noRunCard: "No run id or number in this event, so there is no run card to update: sent as a message.",

  // Mentions: the line that makes them visible.
  "mentions.all": "@all",

  // Digests: one message for a robot's backlog.
  "digest.title": (p: { updates: number; failing: number }) =>
    `dingpipe digest: ${s(p.updates, "update", "updates")}${p.failing ? ` (${p.failing} ❌)` : ""}`,
  "digest.on": (p: { branch: string }) => ` on ${p.branch}`,
  // One task's line: "**web-burst · deploy**: 38 success, 4 failure — …"; items of a list joined.
  "digest.line": (p: { name: string; text: string }) => `${p.name}: ${p.text}`,
  "digest.sep": ", ",
  // "web-burst · deploy: 38 success, 4 failure — last #50 success 16:03 (UTC+8) · earlier: #48 ▶ started 16:00"
  "digest.statusCount": (p: { count: number; status: string }) => `${p.count} ${p.status}`,
  "digest.last": "last ",
  "digest.earlier": (p: { states: string }) => ` · earlier: ${p.states}`,
  "digest.count": (p: { count: number; state: string }) => `${p.count}× ${p.state}`,
  "digest.collapsed": (p: { pipeline: string; updates: number; tasks: number; failing: number }) =>
    `${p.pipeline}: ${p.updates} more update${p.updates === 1 ? "" : "s"} of ${s(p.tasks, "task", "tasks")}${p.failing ? ` (${p.failing} ❌)` : ""}`,
  "digest.total": (p: { updates: number; tasks: number; pipelines: number; failing: number }) =>
    `${p.updates} updates of ${p.tasks} tasks in ${p.pipelines} pipelines${p.failing ? ` (${p.failing} ❌)` : ""}`,
  "digest.rest": (p: { updates: number; tasks: number; pipelines: number; failing: number }) =>
    `${p.updates} more update${p.updates === 1 ? "" : "s"} of ${s(p.tasks, "task", "tasks")} in ${s(p.pipelines, "pipeline", "pipelines")}${p.failing ? ` (${p.failing} ❌)` : ""}`,
  "digest.zone": (p: { zone: string }) => `Times in ${p.zone}`,

  // Durations: "1h 02m 03s", "3m 05s", "42s", "< 1s".
  "duration.hms": (p: { h: number; m: string; s: string }) => `${p.h}h ${p.m}m ${p.s}s`,
  "duration.ms": (p: { m: number; s: string }) => `${p.m}m ${p.s}s`,
  "duration.s": (p: { s: number }) => `${p.s}s`,
  "duration.subSecond": "< 1s",

  // Run cards (style run_card): the run's state after its name, "❌ Web release #42 failed".
  "card.running": "running",
  "card.waiting": "waiting",
  "card.success": "passed",
  "card.failure": "failed",
  "card.cancelled": "cancelled",
  // The card's button: to the run, else to the pipeline when the run has no link.
  "card.openRun": "Open run",
  "card.openPipeline": "Open pipeline",
  // The line after the tasks a card shows: "… and 12 more tasks".
  "card.moreTasks": (p: { count: number }) => `… and ${s(p.count, "more task", "more tasks")}`,
  // The card's fact of who and what started the run: "lin · push".
  "card.trigger": "Trigger",
  "card.noTasks": "No task has reported yet.",

  // The robot test message of the console and `dingpipe send --test`.
  testMessage: (p: { robot: string }) => `dingpipe test message for robot '${p.robot}' ✅`,
  // A notification's test message: its title says so, so nobody mistakes it for a real run.
  testTitle: (p: { pipeline: string }) => `[test] ${p.pipeline}`,
};
