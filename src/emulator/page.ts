/** The emulator's page (placeholder until the chat view lands). */
import type { EmulatorState } from "./state.ts";

export function chatUpdate(state: EmulatorState, since: number): unknown {
  return { epoch: state.epoch, seq: state.seq, since };
}

export function renderPage(state: EmulatorState): string {
  return `<!doctype html><meta charset="utf-8"><title>DingTalk emulator</title><p>${state.messages.length} messages</p>`;
}
