import type { ApiHandlers, HandlerContext } from './context.ts';
import { findingHandlers } from './finding-handlers.ts';
import { reportHandlers } from './report-handlers.ts';
import { runHandlers } from './run-handlers.ts';
import { scanHandlers } from './scan-handlers.ts';
import { workspaceHandlers } from './workspace-handlers.ts';

/** Every channel of the contract, implemented as plain functions (no Electron here). */
export function createHandlers(ctx: HandlerContext): ApiHandlers {
  return { ...workspaceHandlers(ctx), ...scanHandlers(ctx), ...runHandlers(ctx), ...findingHandlers(ctx), ...reportHandlers(ctx) };
}

export type { ApiHandlers, HandlerContext } from './context.ts';
