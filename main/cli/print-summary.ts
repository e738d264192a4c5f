import { countText } from '../../shared/count-text.ts';
import type { AssessmentSummary } from '../engine/summary.ts';

const n = countText;
const plural = (count: number, word: string): string => `${n(count)} ${word}${count === 1 ? '' : 's'}`;

/** The readable summary a person sees at the end of a CLI run; every number is in findings.json. */
export function formatSummary(s: AssessmentSummary, header: string, safe: (text: string) => string = (t) => t, settings?: string): string {
  const lines: string[] = [header, ''];
  const c = s.byClass;
  if (s.sources.length > 1) {
    // Several forests or domains: what each contributed (uniqueness was checked across all of them).
    lines.push('Sources');
    for (const src of s.sources) {
      lines.push(`  ${String(src.id).padStart(2)}. ${safe(src.label)}: ${plural(src.objects, 'object')} (${n(src.inScope)} in scope), ${plural(src.findings, 'finding')}, ${plural(src.blockers, 'blocker')}`);
    }
    lines.push('');
  }
  lines.push(`Objects        ${n(s.objects)} (users ${n(c.user.objects)}, contacts ${n(c.contact.objects)}, groups ${n(c.group.objects)})`);
  lines.push(`In scope       ${n(s.inScope)}   excluded ${n(s.excluded)}   mail-enabled ${n(s.mailEnabled)}   other entries ignored ${n(s.ignoredEntries)}`);
  lines.push(`Findings       ${n(s.findings)} (blockers ${n(s.bySeverity.blocker)}, errors ${n(s.bySeverity.error)}, warnings ${n(s.bySeverity.warning)}, info ${n(s.bySeverity.info)})`);
  lines.push('');
  const dated = (src: (typeof s.sources)[number]) => `${src.asOf.slice(0, 10)}${src.asOfBasis ? ` (${src.asOfBasis})` : ''}`;
  if (settings) lines.push(`Computed for   ${safe(settings)}`);
  if (s.sources.length === 1) lines.push(`Data as of     ${safe(dated(s.sources[0]!))}`);
  else for (const src of s.sources) lines.push(`Data as of     ${src.id}. ${safe(dated(src))}`);
  const skipped = s.sources.reduce((t, src) => ({ references: t.references + (src.skippedRecords?.references ?? 0), trailers: t.trailers + (src.skippedRecords?.trailers ?? 0) }), { references: 0, trailers: 0 });
  if (skipped.references + skipped.trailers > 0) {
    lines.push(`Read past      ${plural(skipped.references, 'search reference')} and ${plural(skipped.trailers, 'result trailer')} (ldapsearch output, not entries)`);
  }
  if (s.unreadableEntries > 0) lines.push(`Unreadable     ${n(s.unreadableEntries)} entries without objectClass, e.g. ${s.unreadableExamples.slice(0, 3).map(safe).join('; ')}`);
  const verdict = s.readyToSynchronize ? 'ready to synchronize (no blockers)' : `NOT ready to synchronize: ${n(s.blockers)} blockers`;
  if (s.readiness.status === 'not-assessed') lines.push(`Readiness      ${s.readiness.reason}`);
  else lines.push(`Readiness      ${s.scores.overall}/100, ${s.readiness.status === 'incomplete' ? `not called ready: ${s.readiness.reason}` : verdict}`);
  for (const note of s.coverage.notes) lines.push(`Coverage       ${safe(note)}`);
  for (const cat of s.scoreModel.details.categories) {
    const score = cat.score === null ? 'not assessed' : String(cat.score);
    lines.push(`  ${cat.title.padEnd(26)} ${score.padStart(12)}   (weight ${cat.weight})`);
  }
  const mc = s.mailCompleteness.score;
  lines.push(`Mail attribute completeness  ${mc === null ? 'no mail-enabled objects' : `${mc}%`}`);
  const top = [...s.byRule].sort((a, b) => b.affectedObjects - a.affectedObjects).slice(0, 8);
  if (top.length > 0) {
    lines.push('', 'Most frequent rules (objects affected):');
    for (const r of top) lines.push(`  ${n(r.affectedObjects).padStart(8)}  ${r.severity.padEnd(7)}  ${r.ruleId.padEnd(32)} ${r.title}`);
  }
  const tld = s.tldList;
  lines.push('', `TLD list: ${tld.package} ${tld.version}${tld.date ? ` (${tld.date})` : ''}, ${n(tld.count)} TLDs`);
  return lines.join('\n');
}
