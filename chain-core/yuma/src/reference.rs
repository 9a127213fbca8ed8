//! A slow, literal model of the epoch for differential tests.
//!
//! It follows spec/yuma.md step by step with `Vec<Vec<(u16, I32F32)>>` rows and the
//! library's own operators (`saturating_div`, `saturating_mul`), a dense scan for every
//! sparse operation and a sort for the median. It shares no code with the optimised path
//! except the input types and the liquid-alpha sigmoid (whose `exp` is tested separately).

#![allow(clippy::unwrap_used, clippy::needless_range_loop)]

use super::io::{EpochInput, EpochOutput};
use super::math::LiquidAlpha;
use substrate_fixed::types::{I32F32, I64F64, I96F32, U96F32};

type Row = Vec<(u16, I32F32)>;
const Z: I32F32 = I32F32::from_bits(0);

fn one() -> I32F32 {
    I32F32::from_num(1)
}

fn norm(v: &mut [I32F32]) {
    let s: I32F32 = v.iter().fold(Z, |a, b| a + *b);
    if s != Z {
        v.iter_mut().for_each(|x| *x = x.saturating_div(s));
    }
}

fn to_u16(x: I32F32) -> u16 {
    x.saturating_mul(I32F32::from_num(65535)).saturating_to_num::<u16>()
}

fn col_norm(m: &mut [Row], n: usize) {
    let mut s = vec![Z; n];
    m.iter().flatten().for_each(|(j, v)| s[*j as usize] += *v);
    m.iter_mut().flatten().for_each(|(j, v)| {
        if s[*j as usize] != Z {
            *v = v.saturating_div(s[*j as usize]);
        }
    });
}

fn ema(new: &[Row], old: &[Row], alpha: I32F32, n: usize) -> Vec<Row> {
    (0..n)
        .map(|i| {
            let mut row = vec![Z; n];
            new[i].iter().for_each(|(j, v)| row[*j as usize] += alpha * *v);
            old[i].iter().for_each(|(j, v)| row[*j as usize] += (one() - alpha) * *v);
            (0..n).filter(|j| row[*j] > Z).map(|j| (j as u16, row[j])).collect()
        })
        .collect()
}

/// The median by definition: smallest observed score whose cumulative stake exceeds
/// `sigma - kappa`, else the largest observed score, 0 without validators.
fn median(stake: &[I32F32], w: &[Row], n: usize, kappa: I32F32) -> Vec<I32F32> {
    let mut use_stake: Vec<I32F32> = stake.iter().copied().filter(|s| *s > Z).collect();
    norm(&mut use_stake);
    let sigma: I32F32 = use_stake.iter().fold(Z, |a, b| a + *b);
    let minority = sigma - kappa;
    let rows: Vec<usize> = (0..stake.len()).filter(|i| stake[*i] > Z).collect();
    // Dense copy of the participating rows: a missing entry is the score 0.
    let dense: Vec<Vec<I32F32>> = rows
        .iter()
        .map(|&i| {
            let mut d = vec![Z; n];
            w[i].iter().for_each(|(c, v)| d[*c as usize] = *v);
            d
        })
        .collect();
    (0..n)
        .map(|j| {
            let mut obs: Vec<(I32F32, I32F32)> =
                dense.iter().zip(&use_stake).map(|(d, s)| (d[j], *s)).collect();
            obs.sort_by_key(|o| o.0);
            let mut cum = Z;
            for (score, s) in &obs {
                cum += *s;
                if cum > minority {
                    return *score;
                }
            }
            obs.last().map_or(Z, |o| o.0)
        })
        .collect()
}

/// The whole epoch, literally.
#[allow(clippy::too_many_lines)] // test-only reference: one literal transcription of the chain's epoch
pub(super) fn epoch(inp: &EpochInput) -> EpochOutput {
    let hp = &inp.hyperparameters;
    let n = inp.stake.len();
    let g = |v: &Vec<u64>, i: usize| if v.is_empty() { 0 } else { v[i] };
    let owner = inp.owner_uid.map(|o| o as usize);
    let active: Vec<bool> = (0..n)
        .map(|i| g(&inp.last_update, i) + hp.activity_cutoff_blocks() >= inp.current_block)
        .collect();
    // Stake.
    let tw = I64F64::from_num(U96F32::from_num(hp.tao_weight_raw) / U96F32::from_num(u64::MAX));
    let mut s64: Vec<I64F64> = (0..n)
        .map(|i| {
            let s = I64F64::from_num(inp.stake[i]) + I64F64::from_num(g(&inp.tao_stake, i)) * tw;
            if Some(i) != owner && s.to_num::<u64>() < hp.stake_threshold {
                I64F64::from_num(0)
            } else {
                s
            }
        })
        .collect();
    let sum64: I64F64 = s64.iter().fold(I64F64::from_num(0), |a, b| a + *b);
    if sum64 != 0 {
        s64.iter_mut().for_each(|x| *x /= sum64);
    }
    let stake: Vec<I32F32> = s64.iter().map(|x| I32F32::from_num(*x)).collect();
    // Permits.
    let given = !inp.validator_permits.is_empty();
    let permit: Vec<bool> = (0..n)
        .map(|i| given && (inp.validator_permits.get(i) == Some(&true) || owner == Some(i)))
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|i| stake[*i]);
    let k = hp.max_allowed_validators as usize;
    let mut new_permit: Vec<bool> = stake.iter().map(|s| *s != Z).collect();
    if n >= k {
        order.iter().take(n - k).for_each(|i| new_permit[*i] = false);
    }
    if let Some(o) = owner {
        new_permit[o] = true;
    }
    let mut sact: Vec<I32F32> =
        (0..n).map(|i| if active[i] && (!given || permit[i]) { stake[i] } else { Z }).collect();
    norm(&mut sact);
    // Weights.
    let reg = |j: usize| g(&inp.block_at_registration, j);
    let mut w: Vec<Row> = (0..n)
        .map(|i| {
            if !permit[i] || inp.weights_sparse.is_empty() {
                return vec![];
            }
            let c = if hp.commit_reveal_enabled {
                inp.commit_blocks.get(i).copied().flatten()
            } else {
                None
            };
            inp.weights_sparse[i]
                .iter()
                .filter(|(j, _)| !(*j as usize == i && owner != Some(i)))
                .filter(|(j, _)| g(&inp.last_update, i) > reg(*j as usize))
                .filter(|(j, _)| c.is_none_or(|c| c >= reg(*j as usize)))
                .map(|(j, v)| (*j, I32F32::from_num(*v)))
                .collect()
        })
        .collect();
    for row in w.iter_mut() {
        let s: I32F32 = row.iter().fold(Z, |a, e| a + e.1);
        if s > Z {
            row.iter_mut().for_each(|e| e.1 /= s);
        }
    }
    let kappa = I32F32::from_num(hp.kappa) / I32F32::from_num(65535);
    let cons = median(&sact, &w, n, kappa);
    let wc: Vec<Row> = w
        .iter()
        .map(|row| {
            row.iter()
                .filter_map(|(j, v)| {
                    let c = cons[*j as usize];
                    if c < *v { (c > Z).then_some((*j, c)) } else { Some((*j, *v)) }
                })
                .collect()
        })
        .collect();
    let vt: Vec<I32F32> = wc.iter().map(|r| r.iter().fold(Z, |a, e| a + e.1)).collect();
    let mut inc = vec![Z; n];
    for i in 0..n {
        wc[i].iter().for_each(|(j, v)| inc[*j as usize] += sact[i] * *v);
    }
    norm(&mut inc);
    let beta = I32F32::from_num(hp.bonds_penalty) / I32F32::from_num(65535);
    let wb: Vec<Row> = if beta == Z {
        w.clone()
    } else if beta == one() {
        wc.clone()
    } else {
        (0..n)
            .map(|i| {
                let (mut r1, mut r2) = (vec![Z; n], vec![Z; n]);
                w[i].iter().for_each(|(j, v)| r1[*j as usize] += *v);
                wc[i].iter().for_each(|(j, v)| r2[*j as usize] += *v);
                (0..n)
                    .map(|j| (j as u16, r1[j] + beta * (r2[j] - r1[j])))
                    .filter(|e| e.1 > Z)
                    .collect()
            })
            .collect()
    };
    let last_tempo = if inp.last_epoch_block == 0 {
        inp.current_block.saturating_sub(hp.tempo as u64)
    } else {
        inp.last_epoch_block + 1
    };
    let alpha = one()
        - I32F32::from_num(I64F64::from_num(hp.bonds_moving_average) / I64F64::from_num(1_000_000));
    let stored: Vec<Row> = (0..n)
        .map(|i| {
            let row = inp.bonds_sparse.get(i).cloned().unwrap_or_default();
            row.iter()
                .filter(|(j, _)| last_tempo > reg(*j as usize))
                .map(|(j, v)| {
                    let x = if hp.yuma3 {
                        I32F32::from_num(*v) / I32F32::from_num(65535)
                    } else {
                        I32F32::from_num(*v)
                    };
                    (*j, x)
                })
                .collect()
        })
        .collect();
    let (mut div, bonds) = if hp.yuma3 {
        let b = if hp.liquid_alpha && cons.iter().any(|c| *c != Z) {
            let la = LiquidAlpha::new(hp.alpha_low, hp.alpha_high, hp.alpha_sigmoid_steepness);
            (0..n)
                .map(|i| {
                    let mut out = vec![];
                    for (pos, (j, wv)) in wb[i].iter().enumerate() {
                        // Cursor semantics: the previous bond read for the factor is the one
                        // found by a forward-only scan over the sorted-assumed bonds row.
                        let mut cur = 0;
                        let mut bseen = Z;
                        for (q, _) in wb[i].iter().take(pos + 1) {
                            bseen = Z;
                            while cur < stored[i].len() && stored[i][cur].0 < *q {
                                cur += 1;
                            }
                            if cur < stored[i].len() && stored[i][cur].0 == *q {
                                bseen = stored[i][cur].1;
                                cur += 1;
                            }
                        }
                        let a = la.alpha(cons[*j as usize], *wv, bseen);
                        let old = stored[i].iter().find(|e| e.0 == *j).map_or(Z, |e| e.1);
                        let v = ((one() - a) * old + (a * *wv).max(Z)).min(one());
                        if v > Z {
                            out.push((*j, v));
                        }
                    }
                    out
                })
                .collect()
        } else {
            ema(&wb, &stored, alpha, n)
        };
        let mut bn = b.clone();
        col_norm(&mut bn, n);
        let d: Vec<I32F32> = (0..n)
            .map(|i| bn[i].iter().fold(Z, |a, (j, v)| a + *v * inc[*j as usize]) * sact[i])
            .collect();
        (d, b)
    } else {
        let mut old = stored.clone();
        col_norm(&mut old, n);
        let mut delta: Vec<Row> =
            (0..n).map(|i| wb[i].iter().map(|(j, v)| (*j, *v * sact[i])).collect()).collect();
        col_norm(&mut delta, n);
        let mut b = ema(&delta, &old, alpha, n);
        col_norm(&mut b, n);
        let d: Vec<I32F32> =
            (0..n).map(|i| b[i].iter().fold(Z, |a, (j, v)| a + inc[*j as usize] * *v)).collect();
        let mut mx = vec![Z; n];
        b.iter().flatten().for_each(|(j, v)| mx[*j as usize] = mx[*j as usize].max(*v));
        b.iter_mut().flatten().for_each(|(j, v)| {
            if mx[*j as usize] != Z {
                *v /= mx[*j as usize];
            }
        });
        (d, b)
    };
    norm(&mut div);
    let bonds_u16 = (0..n)
        .map(|i| {
            if new_permit[i] {
                bonds[i].iter().map(|(j, v)| (*j, to_u16(*v))).collect()
            } else if permit[i] {
                vec![]
            } else {
                inp.bonds_sparse.get(i).cloned().unwrap_or_default()
            }
        })
        .collect();
    let comb: Vec<I32F32> = (0..n).map(|i| inc[i] + div[i]).collect();
    let z: I32F32 = comb.iter().fold(Z, |a, b| a + *b);
    let scale = |v: &[I32F32], d: I32F32| -> Vec<I32F32> {
        v.iter().map(|x| if d == Z { *x } else { *x / d }).collect()
    };
    let ns = scale(&inc, z);
    let mut nv = scale(&div, z);
    let mut nc = scale(&comb, z);
    if z == Z {
        let fb = if sact.iter().all(|s| *s == Z) { stake.clone() } else { sact.clone() };
        nv = fb.clone();
        nc = fb;
    }
    let rao = |v: &[I32F32]| -> Vec<u64> {
        v.iter()
            .map(|x| (I96F32::from_num(*x) * I96F32::from_num(inp.emission)).to_num::<u64>())
            .collect()
    };
    EpochOutput {
        active,
        new_validator_permits: new_permit,
        stake_weight_u16: stake.iter().map(|x| to_u16(*x)).collect(),
        consensus_u16: cons.iter().map(|x| to_u16(*x)).collect(),
        incentive_u16: inc.iter().map(|x| to_u16(*x)).collect(),
        dividends_u16: div.iter().map(|x| to_u16(*x)).collect(),
        validator_trust_u16: vt.iter().map(|x| to_u16(*x)).collect(),
        bonds_u16,
        server_emission: rao(&ns),
        validator_emission: rao(&nv),
        emission: rao(&nc),
    }
}
