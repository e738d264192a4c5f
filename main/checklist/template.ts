import { readFileSync } from 'node:fs';
import { resourcePath } from '../resources.ts';

/**
 * The Assess-phase checklist template and the clouds' endpoint snapshots, both versioned data in
 * resources/ (domain.md §6): the code evaluates them, it does not hold their content.
 */

export type Cloud = 'gcc' | 'gcc-high' | 'dod';

export type Evaluation = { kind: 'manual'; endpoints?: boolean } | { kind: 'rules'; rules: string[] } | { kind: 'directory'; checks: string[]; rules?: string[] };

export interface TemplateItem {
  id: string;
  section: string;
  title: string;
  why: string;
  verify: string;
  clouds: Cloud[];
  docRef: string;
  /** A gating item: cut-over waits for it (the inbound allow-list request in GCC High and DoD). */
  gating?: boolean;
  /** The verification names the cloud's tenant routing domain. */
  routingDomain?: boolean;
  evaluation: Evaluation;
}

export interface ChecklistTemplate {
  templateVersion: string;
  title: string;
  sections: string[];
  items: TemplateItem[];
}

export interface EndpointSnapshot {
  cloud: Cloud;
  name: string;
  snapshotDate: string;
  source: string;
  note: string;
  tenantRoutingDomain: string;
  entraInstance: string;
  inboundAllowList?: string;
  groups: { service: string; urls: string[]; ports: string }[];
}

let template: ChecklistTemplate | undefined;
const snapshots = new Map<Cloud, EndpointSnapshot>();

export function checklistTemplate(): ChecklistTemplate {
  template ??= JSON.parse(readFileSync(resourcePath('checklist', 'assess-checklist.json'), 'utf8')) as ChecklistTemplate;
  return template;
}

export function endpointSnapshot(cloud: Cloud): EndpointSnapshot {
  let s = snapshots.get(cloud);
  if (!s) snapshots.set(cloud, (s = JSON.parse(readFileSync(resourcePath('endpoints', `${cloud}.json`), 'utf8')) as EndpointSnapshot));
  return s;
}

export { CLOUD_NAMES } from '../../shared/api/contract.ts';
