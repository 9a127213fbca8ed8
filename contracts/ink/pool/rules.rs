//! Quote and apply on a stored [`Pool`] (the native `NativePool::quote` / `apply`): the AMM
//! for dynamic pools, 1:1 with no fee and no limit cut for stable ones.

use crate::math::{self, Quote};
use crate::{Error, Pool, SwapResult, STABLE};

impl From<Quote> for SwapResult {
    fn from(q: Quote) -> Self {
        Self { amount_in: q.gross_in, fee: q.fee, amount_out: q.out, limited: q.limited }
    }
}

/// Prices a swap on `p` with fee rate `rate` (the pool's own, or 0 for protocol swaps).
pub fn quote(
    p: &Pool,
    buy: bool,
    amount: u64,
    rate: u16,
    limit: Option<u64>,
    allow_partial: bool,
) -> Result<Quote, Error> {
    if p.mechanism == STABLE {
        return quote_stable(p, buy, amount, limit);
    }
    if buy {
        math::quote_buy(p.tao, p.alpha, amount, rate, limit, allow_partial)
    } else {
        math::quote_sell(p.tao, p.alpha, amount, rate, limit, allow_partial)
    }
}

/// Amount first, then the limit against price 1, then the TAO reserve (a buy may not
/// overflow it, a sell may not exceed it).
fn quote_stable(p: &Pool, buy: bool, amount: u64, limit: Option<u64>) -> Result<Quote, Error> {
    if amount == 0 {
        return Err(Error::ZeroAmount);
    }
    let one = math::RAO_PER_TAO;
    if let Some(limit) = limit {
        let ok = if buy { one < limit } else { one > limit };
        if !ok {
            return Err(Error::PriceLimitExceeded { price: one, limit });
        }
    }
    if buy {
        p.tao.checked_add(amount).ok_or(Error::Overflow)?;
    } else if amount > p.tao {
        return Err(Error::InsufficientLiquidity { reserve: p.tao, required: amount });
    }
    Ok(Quote { gross_in: amount, fee: 0, net_in: amount, out: amount, limited: false })
}

fn add(a: u64, b: u64) -> Result<u64, Error> {
    a.checked_add(b).ok_or(Error::Overflow)
}

fn sub(a: u64, b: u64) -> Result<u64, Error> {
    a.checked_sub(b).ok_or(Error::InsufficientLiquidity { reserve: a, required: b })
}

/// The net input joins the input side, the output leaves the other (both computed first).
pub fn apply(p: &mut Pool, buy: bool, q: &Quote) -> Result<(), Error> {
    let (tao, alpha) = match (p.mechanism == STABLE, buy) {
        (true, true) => (add(p.tao, q.net_in)?, p.alpha),
        (true, false) => (sub(p.tao, q.out)?, p.alpha),
        (false, true) => (add(p.tao, q.net_in)?, sub(p.alpha, q.out)?),
        (false, false) => (sub(p.tao, q.out)?, add(p.alpha, q.net_in)?),
    };
    p.tao = tao;
    p.alpha = alpha;
    Ok(())
}
