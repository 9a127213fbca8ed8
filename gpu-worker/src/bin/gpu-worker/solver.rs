//! The miner's answers: the product of a task on the chosen backend, its Merkle tree for this
//! miner's hotkey, kept for the challenge that follows; and the two dishonest behaviours of
//! `--simulate`, for subnet teams testing their incentive design:
//!
//! * `lazy`: computes only the first `--lazy-percent` of the rows (a plain loop, no backend)
//!   and leaves the others zero, then commits to that honestly built tree;
//! * `copier`: never computes the task it was given; it answers with the product of another
//!   task (the first one it saw, computed for a seed with one bit flipped), re-used for every
//!   task.

use gpu_task::{Hotkey, Matrices, MerkleTree, Product, Task, TaskId};
use gpu_worker::Backend;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// How many answered tasks are kept for their challenge.
pub const KEEP: usize = 16;

/// `--simulate`: a dishonest miner, for testing a subnet's incentives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Simulate {
    /// Compute only a fraction of the rows; the rest are zero.
    Lazy,
    /// Replay the product of another task.
    Copier,
}

/// A committed answer, kept until challenged.
#[derive(Debug)]
pub struct Answer {
    /// The product the tree was built over (for a copier, another task's).
    pub product: Product,
    /// The tree.
    pub tree: MerkleTree,
}

/// Computes and keeps answers.
#[derive(Debug)]
pub struct Solver {
    backend: Box<dyn Backend>,
    hotkey: Hotkey,
    simulate: Option<Simulate>,
    lazy_percent: u32,
    kept: Mutex<VecDeque<(Task, Arc<Answer>)>>,
    copied: Mutex<Option<Arc<Answer>>>,
}

impl Solver {
    /// A solver for `hotkey` on `backend`.
    pub fn new(
        backend: Box<dyn Backend>,
        hotkey: Hotkey,
        simulate: Option<Simulate>,
        lazy_percent: u32,
    ) -> Self {
        Solver {
            backend,
            hotkey,
            simulate,
            lazy_percent: lazy_percent.min(100),
            kept: Mutex::new(VecDeque::new()),
            copied: Mutex::new(None),
        }
    }

    /// Answers `task` (blocking: run it off the async runtime) and keeps the answer.
    pub fn solve(&self, task: &Task) -> anyhow::Result<Arc<Answer>> {
        let answer = match self.simulate {
            None => Arc::new(self.honest(task)?),
            Some(Simulate::Lazy) => Arc::new(self.lazy(task)?),
            Some(Simulate::Copier) => self.copy(task)?,
        };
        let mut kept = self.kept.lock().map_err(|_| anyhow::anyhow!("answer cache poisoned"))?;
        if kept.len() >= KEEP {
            kept.pop_front();
        }
        kept.push_back((*task, answer.clone()));
        Ok(answer)
    }

    /// The task with id `id` and its kept answer.
    pub fn answer(&self, id: &TaskId) -> Option<(Task, Arc<Answer>)> {
        let kept = self.kept.lock().ok()?;
        kept.iter().rev().find(|(t, _)| t.id() == *id).map(|(t, a)| (*t, a.clone()))
    }

    fn honest(&self, task: &Task) -> anyhow::Result<Answer> {
        let product = self.backend.compute(task)?;
        let tree = MerkleTree::build(&product, &self.hotkey);
        Ok(Answer { product, tree })
    }

    fn lazy(&self, task: &Task) -> anyhow::Result<Answer> {
        let m = Matrices::derive(task);
        let n = m.n();
        let done = n * self.lazy_percent as usize / 100;
        let mut c = vec![0i32; n * n];
        for (i, row) in c.chunks_exact_mut(n).enumerate().take(done) {
            let a = &m.a()[i * n..(i + 1) * n];
            for (k, &aik) in a.iter().enumerate() {
                let b = &m.b()[k * n..(k + 1) * n];
                for (cij, &bkj) in row.iter_mut().zip(b) {
                    *cij += i32::from(aik) * i32::from(bkj);
                }
            }
        }
        let product = Product::new(task, c)?;
        let tree = MerkleTree::build(&product, &self.hotkey);
        Ok(Answer { product, tree })
    }

    fn copy(&self, task: &Task) -> anyhow::Result<Arc<Answer>> {
        let mut copied = self.copied.lock().map_err(|_| anyhow::anyhow!("copy cache poisoned"))?;
        if let Some(a) = copied.as_ref().filter(|a| a.product.task().n() == task.n()) {
            return Ok(a.clone());
        }
        let mut seed = *task.seed();
        seed[0] ^= 1;
        let other = Task::new(seed, task.n())?;
        let answer = Arc::new(self.honest(&other)?);
        *copied = Some(answer.clone());
        Ok(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gpu_task::{Challenge, Commitment, FreivaldsKey, Openings, verify_openings};
    use gpu_worker::CpuBackend;

    fn check(solver: &Solver, task: &Task) -> bool {
        let answer = solver.solve(task).unwrap();
        let c = Commitment::unsigned(task.id(), [7; 32], answer.tree.root());
        let challenge = Challenge::random(task, 16, &[9; 32]).unwrap();
        let rows = challenge.rows.iter().map(|&i| answer.tree.open(&answer.product, i).unwrap());
        let openings = Openings { task_id: task.id(), rows: rows.collect() };
        let key = FreivaldsKey::new(task, &[3; 32]);
        verify_openings(&key, &c.hotkey, &c.root, &challenge, &openings).is_ok()
    }

    #[test]
    fn honest_passes_and_simulations_fail() {
        let task = |s: u8| Task::new([s; 32], 32).unwrap();
        let make = |sim| Solver::new(Box::new(CpuBackend::new()), [7; 32], sim, 50);
        let honest = make(None);
        assert!(check(&honest, &task(1)));
        assert!(honest.answer(&task(1).id()).is_some());
        assert!(!check(&make(Some(Simulate::Lazy)), &task(2)));
        let copier = make(Some(Simulate::Copier));
        assert!(!check(&copier, &task(3)));
        assert!(!check(&copier, &task(4)), "a replayed answer fails too");
        for s in 0..KEEP as u8 + 2 {
            honest.solve(&task(10 + s)).unwrap();
        }
        assert!(honest.answer(&task(1).id()).is_none(), "old answers are dropped");
    }
}
