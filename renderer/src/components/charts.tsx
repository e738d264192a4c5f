/** Small SVG charts drawn from data already on screen: no chart library, nothing remote. */

export function scoreTone(score: number | null): 'good' | 'fair' | 'poor' | 'none' {
  if (score === null) return 'none';
  return score >= 90 ? 'good' : score >= 70 ? 'fair' : 'poor';
}

export function ScoreRing({ score, label }: { score: number | null; label: string }) {
  const r = 52;
  const circumference = 2 * Math.PI * r;
  const filled = score === null ? 0 : (score / 100) * circumference;
  return (
    <figure className={`score-ring tone-${scoreTone(score)}`} aria-label={`${label}: ${score === null ? 'not assessed' : `${score} out of 100`}`}>
      <svg viewBox="0 0 120 120" role="img" aria-hidden="true">
        <circle className="track" cx="60" cy="60" r={r} />
        <circle className="fill" cx="60" cy="60" r={r} strokeDasharray={`${filled} ${circumference}`} transform="rotate(-90 60 60)" />
        {/* One decimal, as every other place shows the same score. */}
        <text x="60" y="66" textAnchor="middle">
          {score === null ? '–' : score === 100 ? '100' : score.toFixed(1)}
        </text>
      </svg>
      <figcaption>{label}</figcaption>
    </figure>
  );
}

export function ScoreBar({ score, label, detail }: { score: number | null; label: string; detail?: string }) {
  return (
    <div className="score-bar">
      <div className="score-bar-label">
        <span>{label}</span>
        <strong>{score === null ? 'not assessed' : score.toFixed(1)}</strong>
      </div>
      <div className={`bar tone-${scoreTone(score)}`} role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={score ?? 0}>
        <div className="bar-fill" style={{ width: `${score ?? 0}%` }} />
      </div>
      {detail && <div className="muted small">{detail}</div>}
    </div>
  );
}

export function TrendChart({ points }: { points: { id: number; overall: number | null; startedAt: string }[] }) {
  const scored = points.filter((p): p is { id: number; overall: number; startedAt: string } => p.overall !== null);
  if (scored.length === 0) return <p className="muted">No completed run yet.</p>;
  const w = 420;
  const h = 140;
  const pad = 34;
  const x = (i: number) => (scored.length === 1 ? w / 2 : pad + (i * (w - 2 * pad)) / (scored.length - 1));
  const y = (v: number) => h - 24 - (v / 100) * (h - 48);
  const path = scored.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.overall).toFixed(1)}`).join(' ');
  return (
    <svg className="trend" viewBox={`0 0 ${w} ${h}`} role="img" aria-label={`Overall readiness across ${scored.length} runs: ${scored.map((p) => p.overall).join(', ')}`}>
      {[0, 50, 100].map((v) => (
        <g key={v}>
          <line className="grid" x1={pad} x2={w - pad} y1={y(v)} y2={y(v)} />
          <text className="axis" x={4} y={y(v) + 4}>
            {v}
          </text>
        </g>
      ))}
      <path className="line" d={path} />
      {scored.map((p, i) => (
        <g key={p.id}>
          <circle className="dot" cx={x(i)} cy={y(p.overall)} r={4} />
          {/* Near the top the label goes under its point, clear of the axis labels. */}
          <text className="point-label" x={x(i)} y={p.overall > 80 ? y(p.overall) + 16 : y(p.overall) - 9} textAnchor="middle">
            {p.overall.toFixed(1)}
          </text>
          <text className="axis" x={x(i)} y={h - 8} textAnchor="middle">
            #{p.id}
          </text>
        </g>
      ))}
    </svg>
  );
}
