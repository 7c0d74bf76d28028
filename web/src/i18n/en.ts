/**
 * The console's English catalogue: the reference every other locale must match key for key (its
 * type is the `Catalog`). Entries with parameters are functions; `<link>…</link>` marks inline
 * markup that `rich()` turns into elements. Server texts (error messages, fixes) are not here: in
 * English the console shows the API's own words.
 */
import type { ContentItem } from "../../../src/notify/rule.ts";
import type { Status } from "../../../src/pipeline/status.ts";
import type { DeliveryState } from "../types.ts";

const plural = (n: number, one: string, other: string) => `${n} ${n === 1 ? one : other}`;

export const en = {
  // shell
  "app.skip": "Skip to content",
  "app.nav": "Console",
  "app.language": "Language",
  "app.signedInAs": (name: string) => `Signed in as ${name}`,
  "app.signOut": "Sign out",
  "app.notFound": "Not found",
  "app.notFoundText": "No such page. <link>Go to the robots.</link>",
  "app.failed": "Something went wrong",
  "app.signInTitle": "Sign in",
  "nav.robots": "Robots",
  "nav.notifications": "Notifications",
  "nav.deliveries": "Deliveries",

  // shared pieces
  "ui.fix": "Fix: ",
  "ui.cancel": "Cancel",
  "ui.edit": "Edit",
  "ui.delete": "Delete",
  "ui.none": "—",
  "ui.listSeparator": ", ",
  "ui.quoted": (name: string) => `“${name}”`,
  "ui.colon": ": ",
  "ui.serverText": "The service's own words",

  // errors the console itself raises (the service's errors keep the service's words)
  "error.network": "The service did not answer.",
  "error.networkFix": "Check that `dingpipe serve` is running.",
  "error.http": (status: number, text: string) => `The service answered ${status} ${text}.`,
  "error.details": "Change these fields:",

  // sign in
  "signin.lead": "The dingpipe console: DingTalk robots, task notifications and deliveries.",
  "signin.token": "API token",
  "signin.tokenHint":
    "The admin token “dingpipe serve” printed on its first start (or DINGPIPE_ADMIN_TOKEN), or one you created.",
  "signin.submit": "Sign in",
  "signin.empty": "Enter your API token.",

  // robots
  "robots.title": "Robots",
  "robots.lead":
    "A robot is a DingTalk group's custom webhook robot (Group settings → Group assistant → Add robot → Custom). Store it once; notifications name it.",
  "robots.add": "Add robot",
  "robots.empty": "No robot yet. Add the webhook of a DingTalk group robot to start.",
  "robots.test": "Send test message",
  "robots.sending": "Sending…",
  "robots.deleteConfirm": (name: string) =>
    `Delete the robot “${name}”? Notifications that use it will stop sending.`,
  "robots.deleteButton": "Delete robot",
  "robots.deleted": (name: string) => `Robot “${name}” deleted.`,
  "robots.saved": (name: string) => `Robot “${name}” saved.`,
  "robots.webhook": "Webhook",
  "robots.signing": "Signing",
  "robots.signed": "Signed (secret stored)",
  "robots.notSigned": "Not signed",
  "robots.keywords": "Keywords",
  "robots.rateLimit": "Rate limit",
  "robots.rate": (messages: string, seconds: string) => `${messages} messages per ${seconds} s`,
  "robots.updated": "Updated",
  "robots.state": "State",
  "robots.statePaused": (until: string, reason: string) =>
    `Paused by DingTalk until ${until}${reason ? `: ${reason}` : ""}`,
  "robots.stateFailing": (next: string, reason: string) =>
    `Failing${next ? ` (next try at ${next})` : ""}: ${reason}`,
  "robots.savedNote": (message: string, fix: string) => ` Note: ${message}; ${fix}.`,
  "test.delivered": (name: string) => `Delivered to the group of “${name}”. DingTalk answered `,
  "test.errmsg": (errmsg: string) => ` (${errmsg})`,
  "test.deliveredIn": (duration: string) => ` in ${duration}.`,
  "test.notDelivered": "Not delivered. ",
  "test.answered": "DingTalk answered ",
  "test.failed": "The request failed.",
  "robotForm.addTitle": "Add robot",
  "robotForm.editTitle": "Edit robot",
  "robotForm.editNamed": (name: string) => `Edit robot “${name}”`,
  "robotForm.back": "Back to robots",
  "robotForm.name": "Name",
  "robotForm.nameHintNew":
    "1 to 64 letters (of any script), digits, . _ or -, not only dots (e.g. ci-group, 运维群).",
  "robotForm.nameHintEdit": "The name notifications use; it cannot change.",
  "robotForm.webhookHint":
    "The robot's full webhook (https://oapi.dingtalk.com/robot/send?access_token=…) or the access_token alone. Write-only: never shown again.",
  "robotForm.secret": "Signing secret",
  "robotForm.secretHint": "The SEC… secret, when the robot's security setting is “Signature”. Write-only.",
  "robotForm.keep": " Leave empty to keep the stored one.",
  "robotForm.removeSecret": "Remove the stored signing secret (the robot no longer signs)",
  "robotForm.keywordsHint":
    "The robot's custom keywords, comma-separated, when it uses them: every message must contain one.",
  "robotForm.messages": "Messages",
  "robotForm.perSeconds": "Per seconds",
  "robotForm.perSecondsHint": "DingTalk allows 20 messages a minute per robot.",
  "robotForm.save": "Save robot",

  // notifications
  "notifications.title": "Notifications",
  "notifications.lead":
    "Per pipeline and task: the robot that sends, the task states that trigger a message, the run facts it carries, your own DingTalk markdown, and who gets @-mentioned.",
  "notifications.add": "Add notification",
  "notifications.empty": "No notification yet. Add one to tell a group when a task changes state.",
  "notifications.everyPipeline": "every pipeline",
  "notifications.everyTask": "every task",
  "notifications.deleteConfirm": (pipelines: string) => `Delete this notification of “${pipelines}”?`,
  "notifications.deleteButton": "Delete notification",
  "notifications.deleted": "Notification deleted.",
  "notifications.saved": "Notification saved.",
  "notifications.robot": "Robot",
  "notifications.events": "Events",
  "notifications.content": "Content",
  "notifications.at": "@",

  // the notification form
  "form.title": "Notification",
  "form.addTitle": "Add notification",
  "form.editTitle": "Edit notification",
  "form.back": "Back to notifications",
  "form.save": "Save notification",
  "form.ciVariable": "from the CI environment (the preview's sample event sets it)",
  "form.noRobotOption": "No robot yet",
  "form.stepRobot": "1. Robot",
  "form.robot": "DingTalk robot",
  "form.robotHint": "The group robot (credential) that sends the message.",
  "form.robotHintNone": "No robot yet: <link>add one</link> first.",
  "form.stepWhere": "2. Pipelines and tasks",
  "form.pipelines": "Pipelines",
  "form.pipelinesHint": "Pipeline names or patterns (web-*), comma-separated; empty means every pipeline.",
  "form.tasks": "Tasks",
  "form.tasksHint": "Task names or patterns, comma-separated; empty means every task.",
  "form.stepEvents": "3. Events",
  "form.eventsHint": "When the task enters one of these states, the group gets a message.",
  "form.stepContent": "4. Content",
  "form.contentHint":
    "Ticked run facts are added to the message, in this order (ticked ones stay on top). Use ↑ ↓ to reorder.",
  "form.itemAdded": (label: string, position: number) => `${label} added; now at position ${position}.`,
  "form.itemRemoved": (label: string, position: number) => `${label} removed; now at position ${position}.`,
  "form.moveUp": (label: string) => `Move ${label} up`,
  "form.moveDown": (label: string) => `Move ${label} down`,
  "form.moveUpTitle": "Move up",
  "form.moveDownTitle": "Move down",
  "form.moved": (label: string, position: number, total: number) =>
    `${label} moved to position ${position} of ${total}.`,
  "form.stepCustom": "5. Custom content",
  "form.custom": "Custom content",
  "form.customHint": `DingTalk markdown (# title, **bold**, [link](url), > quote, - list). Type <code>\${</code> for variables such as <code>\${GITEE_PIPELINE_NAME}</code>.`,
  "form.knownVariables": (n: number) => `Known variables (${n})`,
  "form.variables": "Variables",
  "form.style": "Style",
  "form.styleMarkdown": "Markdown",
  "form.styleCard": "Action card (with a button)",
  "form.stepAt": "6. @ mentions",
  "form.at": "@ mobiles",
  "form.atHint": "DingTalk mobile numbers of the members to mention, comma-separated, or all.",
  "form.previewAs": "Preview as",
  "form.previewAsHint": "The task state of the sample event.",

  // the live preview
  "preview.title": "Live preview",
  "preview.group": "Group chat",
  "preview.groupOf": (name: string) => `Group of “${name}”`,
  "preview.sender": "dingpipe robot",
  "preview.bytes": (bytes: string, max: string) => `${bytes} / ${max} bytes`,
  "preview.over": "Over DingTalk's limit: dingpipe will shorten the message to fit.",
  "preview.unknownVariables": "Unknown variables (not set by the sample event): ",

  // deliveries
  "deliveries.title": "Deliveries",
  "deliveries.lastHour": "Last hour",
  "deliveries.lastDay": "Last 24 hours",
  "deliveries.lastWeek": "Last 7 days",
  "deliveries.created": "Created",
  "deliveries.pipelineTask": "Pipeline · task",
  "deliveries.event": "Event",
  "deliveries.robot": "Robot",
  "deliveries.status": "Status",
  "deliveries.attempts": "Attempts",
  "deliveries.pipeline": "Pipeline",
  "deliveries.anyStatus": "Any status",
  "deliveries.anyRobot": "Any robot",
  "deliveries.none": "No delivery matches.",
  "deliveries.shown": (n: number) => `${plural(n, "delivery", "deliveries")} shown.`,
  "deliveries.more": "Load more",
  "deliveries.filter": "Filter deliveries",
  "deliveries.apply": "Apply",
  "deliveries.refresh": "Refresh",
  "deliveries.overTime": "Over time",
  "deliveries.range": "Range",
  "deliveries.caption": "Latest deliveries, newest first",

  // the chart
  "chart.title": "Deliveries over time by outcome",
  "chart.desc": (buckets: number, summary: string) => `${buckets} buckets: ${summary}.`,
  "chart.count": (count: number, state: string) => `${count} ${state}`,
  "chart.legend": (state: string, count: number) => `${state} ${count}`,
  "chart.bar": (time: string, count: number, state: string) => `${time}: ${count} ${state}`,

  // one delivery
  "delivery.title": (id: string) => `Delivery ${id}`,
  "delivery.titlePlain": "Delivery",
  "delivery.back": "Back to deliveries",
  "delivery.all": "← All deliveries",
  "delivery.retry": "Retry",
  "delivery.sendAgain": "Send again",
  "delivery.queued": "Queued again: it will be sent shortly.",
  "delivery.nowState": (state: string) => `Status is now ${state}.`,
  "delivery.status": "Status ",
  "delivery.pipeline": "Pipeline",
  "delivery.task": "Task",
  "delivery.event": "Event",
  "delivery.robot": "Robot",
  "delivery.created": "Created",
  "delivery.sent": "Sent",
  "delivery.due": "Due",
  "delivery.mergedInto": "Merged into",
  "delivery.attempts": "Attempts",
  "delivery.noAttempt": "No attempt yet.",
  "delivery.at": "At",
  "delivery.duration": "Duration",
  "delivery.answer": "DingTalk's answer",
  "delivery.error": "Error",
  "delivery.message": "Message",
  "delivery.json": "Exact JSON sent",
  "delivery.notComposed": "Not composed yet.",
  "delivery.waitingPaused": (until: string) => `Waiting for the robot until ${until}: DingTalk throttled it`,
  "delivery.waitingWindow": (until: string) =>
    `Waiting for the robot until ${until}: its rate window is full`,
  "delivery.waitingBackoff": (until: string) =>
    `Waiting for the robot until ${until}: its last request failed`,

  // words for the service's codes
  "state.pending": "pending",
  "state.sending": "sending",
  "state.sent": "sent",
  "state.merged": "merged",
  "state.dead": "dead",
  "status.started": "started",
  "status.success": "success",
  "status.failure": "failure",
  "status.cancelled": "cancelled",
  "status.skipped": "skipped",
  "status.waiting": "waiting",
  "event.started": "Started",
  "event.success": "Succeeded",
  "event.failure": "Failed",
  "event.cancelled": "Cancelled",
  "event.skipped": "Skipped",
  "event.waiting": "Waiting (for approval or a runner)",
  "item.pipeline": "Pipeline",
  "item.build_number": "Build number",
  "item.stage": "Stage",
  "item.task": "Task",
  "item.status": "Status",
  "item.trigger_user": "Triggered by",
  "item.trigger_event": "Trigger event",
  "item.repo": "Repository",
  "item.branch": "Branch",
  "item.commit": "Commit",
  "item.commit_message": "Commit message",
  "item.author": "Author",
  "item.pull_request": "Pull request",
  "item.duration": "Duration",
  "item.started_at": "Started at",
  "item.finished_at": "Finished at",
  "item.link": "Link",
};

/** Keys built from the service's words: their sets are checked against the service's lists in the tests. */
export const stateKey = (s: DeliveryState) => `state.${s}` as const;
export const statusKey = (s: Status) => `status.${s}` as const;
export const eventKey = (s: Status) => `event.${s}` as const;
export const itemKey = (c: ContentItem) => `item.${c}` as const;
