//! End-to-end property test over the models together: blocks of coinbase (mint, split,
//! inject, chain-buy, recycle), moving-price updates, and user stakes / unstakes with fees to a
//! block author, checking TAO conservation (spec §7, invariants 2, 3 and 5).

use proptest::prelude::*;

use super::coinbase_split::{
    CoinbaseParams, SubnetBootstrap, SubnetCoinbaseInput, SubnetEmissionInput, apply_injection,
    plan_block,
};
use super::pool::{DEFAULT_FEE_RATE, MovingPriceParams, NativePool, PoolEngine, Reserves};
use super::supply::{RAO_PER_TAO, Supply};
use substrate_fixed::types::U64F64;

const TAO: u64 = RAO_PER_TAO;

#[derive(Debug, Clone)]
enum Step {
    Block,
    Stake(usize, u64),
    Unstake(usize, u64),
}

struct World {
    supply: Supply,
    user_tao: u64,
    author_tao: u64,
    pools: Vec<NativePool>,
    alpha_out: Vec<u64>,
    user_alpha: Vec<u64>,
    block: u64,
}

impl World {
    fn new(n: usize) -> Self {
        let pool_tao = 1_000 * TAO;
        let user_tao = 1_000_000 * TAO;
        let pools: Vec<NativePool> = (0..n)
            .map(|i| {
                let r = Reserves { tao_rao: pool_tao, alpha_rao: pool_tao * (i as u64 + 1) };
                let mut p = NativePool::new(r, DEFAULT_FEE_RATE).expect("pool");
                p.set_moving_price(SubnetBootstrap::DEV.initial_moving_price(p.price()));
                p
            })
            .collect();
        let supply = Supply::new(user_tao + pool_tao * n as u64).expect("supply");
        Self {
            supply,
            user_tao,
            author_tao: 0,
            pools,
            alpha_out: vec![0; n],
            user_alpha: vec![0; n],
            block: 1,
        }
    }

    fn tao_held(&self) -> u128 {
        let pools: u128 = self.pools.iter().map(|p| u128::from(p.reserves().tao_rao)).sum();
        pools + u128::from(self.user_tao) + u128::from(self.author_tao)
    }

    fn run_block(&mut self) {
        let minted = self.supply.mint_block_emission().expect("mint");
        let inputs: Vec<SubnetCoinbaseInput> = self
            .pools
            .iter()
            .enumerate()
            .map(|(i, p)| SubnetCoinbaseInput {
                emission: SubnetEmissionInput {
                    netuid: i as u16 + 1,
                    moving_price: p.moving_price(),
                    miner_burned: U64F64::from_num(0),
                    emission_enabled: true,
                },
                reserves: p.reserves(),
                alpha_issuance: p.reserves().alpha_rao + self.alpha_out[i],
                owner_cut_enabled: true,
            })
            .collect();
        let params = CoinbaseParams { root_tao_rao: 1_000_000 * TAO, ..CoinbaseParams::default() };
        let plan = plan_block(minted, &inputs, &params);
        let mut recycle = plan.undistributed_tao;
        for (i, s) in plan.subnets.iter().enumerate() {
            let out = apply_injection(&mut self.pools[i], &s.injection);
            recycle += out.recycled_tao;
            // protocol alpha and minted alpha_out both count as outstanding alpha
            self.alpha_out[i] += out.protocol_alpha + s.injection.alpha_out - s.split.root_recycled;
        }
        self.supply.recycle(recycle).expect("recycle");
        for p in &mut self.pools {
            p.update_moving_price(self.block, &MovingPriceParams::default());
        }
        self.block += 1;
    }
}

proptest! {
    #![proptest_config(super::test_support::config(64))]

    #[test]
    fn tao_is_conserved_end_to_end(
        n in 1usize..5,
        steps in prop::collection::vec(prop_oneof![
            Just(Step::Block),
            (0usize..5, 1u64..=10_000 * TAO).prop_map(|(i, a)| Step::Stake(i, a)),
            (0usize..5, 1u64..=100_000 * TAO).prop_map(|(i, a)| Step::Unstake(i, a)),
        ], 1..120),
    ) {
        let mut w = World::new(n);
        prop_assert_eq!(w.tao_held(), u128::from(w.supply.total_issuance()));
        for step in steps {
            match step {
                Step::Block => w.run_block(),
                Step::Stake(i, a) => {
                    let i = i % n;
                    let a = a.min(w.user_tao);
                    if let Ok(r) = w.pools[i].swap_tao_for_alpha(a, None, false) {
                        w.user_tao -= r.amount_in;
                        w.author_tao += r.fee;
                        w.user_alpha[i] += r.amount_out;
                        w.alpha_out[i] += r.amount_out;
                    }
                }
                Step::Unstake(i, a) => {
                    let i = i % n;
                    let a = a.min(w.user_alpha[i]);
                    if let Ok(r) = w.pools[i].swap_alpha_for_tao(a, None, false) {
                        w.user_alpha[i] -= r.amount_in;
                        w.alpha_out[i] -= r.net_in();
                        w.user_tao += r.amount_out;
                        // the alpha fee is sold fee-free for the author
                        match w.pools[i].protocol_sell(r.fee) {
                            Ok(f) => { w.author_tao += f.amount_out; w.alpha_out[i] -= f.amount_in; }
                            Err(_) => w.alpha_out[i] -= r.fee, // burned (still counted as issued on chain)
                        }
                    }
                }
            }
            prop_assert_eq!(w.tao_held(), u128::from(w.supply.total_issuance()));
            prop_assert!(w.supply.is_conserved());
            for p in &w.pools {
                let r = p.reserves();
                prop_assert!(r.tao_rao > 0 && r.alpha_rao > 0);
                prop_assert!(p.moving_price() <= substrate_fixed::types::I96F32::from_num(1));
            }
        }
    }
}
