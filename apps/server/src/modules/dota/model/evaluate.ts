/**
 * How well predicted probabilities rank and match outcomes: ROC AUC, and the reliability curve
 * (equal-count bins of the prediction: mean predicted vs observed win rate) with its expected
 * calibration error, Σ_b (n_b / n) |predicted_b − observed_b|.
 */
export interface CalibrationBin {
  predicted: number;
  observed: number;
  matches: number;
}

export interface Calibration {
  matches: number;
  auc: number;
  logLoss: number;
  /** Expected calibration error over the bins. */
  ece: number;
  bins: CalibrationBin[];
}

export function auc(p: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = p.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => p[a]! - p[b]!);
  let pos = 0;
  let rankSum = 0;
  // Mid-ranks for ties.
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && p[order[j + 1]!] === p[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let l = i; l <= j; l++)
      if (y[order[l]!]) {
        pos++;
        rankSum += rank;
      }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return 0.5;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export function calibration(p: ArrayLike<number>, y: ArrayLike<number>, binCount = 10): Calibration {
  const n = p.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => p[a]! - p[b]!);
  const bins: CalibrationBin[] = [];
  let ece = 0;
  let logLoss = 0;
  for (let i = 0; i < n; i++) {
    const q = Math.min(Math.max(p[i]!, 1e-12), 1 - 1e-12);
    logLoss -= y[i] ? Math.log(q) : Math.log(1 - q);
  }
  for (let b = 0; b < binCount; b++) {
    const from = Math.floor((b * n) / binCount);
    const to = Math.floor(((b + 1) * n) / binCount);
    if (to <= from) continue;
    let sp = 0;
    let sy = 0;
    for (let i = from; i < to; i++) {
      sp += p[order[i]!]!;
      sy += y[order[i]!]!;
    }
    const m = to - from;
    bins.push({ predicted: sp / m, observed: sy / m, matches: m });
    ece += (m / n) * Math.abs(sp / m - sy / m);
  }
  return { matches: n, auc: auc(p, y), logLoss: n ? logLoss / n : 0, ece, bins };
}
